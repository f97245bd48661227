import {
  TaskState,
  type CancelTaskRequest,
  type Message,
  type SendMessageRequest,
  type StreamResponse,
  type Task,
} from '@a2a-js/sdk';
import { RequestMalformedError, TaskNotCancelableError, UnsupportedOperationError } from '@a2a-js/sdk/errors';
import { DefaultRequestHandler, type ServerCallContext, type TaskStore } from '@a2a-js/sdk/server';

/** What the SDK's PostgreSQL store keeps of a context id (its column width), enforced on every store alike. */
const MAX_CONTEXT_ID_LENGTH = 36;

/** DefaultRequestHandler's parameters after the card and the task store. */
type HandlerOptions =
  ConstructorParameters<typeof DefaultRequestHandler> extends [unknown, unknown, ...infer Rest]
    ? Rest
    : never;

function checkNewTask(params: SendMessageRequest): void {
  const message: Message | undefined = params.message;
  if (message?.taskId) {
    throw new UnsupportedOperationError(
      `each task of this agent takes one message: send a new message without taskId (task ${message.taskId} takes no more)`,
    );
  }
  if (message && message.contextId.length > MAX_CONTEXT_ID_LENGTH) {
    throw new RequestMalformedError(`message.contextId must be at most ${MAX_CONTEXT_ID_LENGTH} characters`);
  }
}

/**
 * The SDK's DefaultRequestHandler, with what this agent's tasks are: one message each (a skill call; a follow-up
 * to a task is refused before anything runs), and a task held for an anchor is not cancelable by its caller,
 * since only the anchor's resolution ends the escalation (the SDK would otherwise mark it canceled while the
 * escalation still holds the work).
 */
export class SkillRequestHandler extends DefaultRequestHandler {
  constructor(
    card: ConstructorParameters<typeof DefaultRequestHandler>[0],
    private readonly tasks: TaskStore,
    ...rest: HandlerOptions
  ) {
    super(card, tasks, ...rest);
  }

  override sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    checkNewTask(params);
    return super.sendMessage(params, context);
  }

  override sendMessageStream(
    params: SendMessageRequest,
    context: ServerCallContext,
  ): AsyncGenerator<StreamResponse, void, undefined> {
    checkNewTask(params);
    return super.sendMessageStream(params, context);
  }

  override async cancelTask(params: CancelTaskRequest, context: ServerCallContext): Promise<Task> {
    const task = params.id ? await this.tasks.load(params.id, context) : undefined;
    if (task?.status?.state === TaskState.TASK_STATE_AUTH_REQUIRED) {
      throw new TaskNotCancelableError(
        `task ${task.id} is held for an anchor: only the anchor's resolution of its escalation ends it`,
      );
    }
    return super.cancelTask(params, context);
  }
}
