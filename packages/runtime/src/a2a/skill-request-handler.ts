import {
  TaskState,
  type CancelTaskRequest,
  type Message,
  type SendMessageRequest,
  type StreamResponse,
  type Task,
} from '@a2a-js/sdk';
import { RequestMalformedError, TaskNotCancelableError, UnsupportedOperationError } from '@a2a-js/sdk/errors';
import {
  DefaultRequestHandler,
  type AgentExecutor,
  type ServerCallContext,
  type TaskStore,
} from '@a2a-js/sdk/server';
import { TERMINAL_STATES } from './a2a-parts';
import { failedTask, FoldingBus, newTaskContext, TaskFold } from './task-in-one-call';

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
 * A blocking SendMessage without a push notification config is answered in one piece: the caller waits for
 * the task's end, and nobody else can be watching a task whose id only the answer reveals.
 */
function answersInOneCall(params: SendMessageRequest): boolean {
  return (
    params.configuration?.returnImmediately !== true && !params.configuration?.taskPushNotificationConfig
  );
}

const isFinished = (task: Task) => task.status !== undefined && TERMINAL_STATES.has(task.status.state);

/**
 * The SDK's DefaultRequestHandler, with what this agent's tasks are: one message each (a skill call; a follow-up
 * to a task is refused before anything runs), and a task held for an anchor is not cancelable by its caller,
 * since only the anchor's resolution ends the escalation (the SDK would otherwise mark it canceled while the
 * escalation still holds the work).
 *
 * A blocking SendMessage without a push config (what a client sends to call a skill) runs the same executor
 * on the request prepared as the SDK prepares it, but its events are folded into the task as the SDK folds them (see
 * task-in-one-call.ts) and the task is saved once, when the call has ended — completed, refused, failed or
 * held for an anchor — instead of once per event, each save a load, copies and push lookups of its own (about
 * a third of an A2A call's CPU). The answer and what GetTask, ListTasks, CancelTask and a later settlement of a
 * held task find are the same; what differs is that no SUBMITTED or WORKING state is stored while the skill
 * runs, so a process that stops mid-call leaves no task behind, where the other path leaves one that is read
 * back as cut off. The caller never learned that task's id either: the answer, which names it, never came.
 * Streaming calls, non-blocking calls and calls that set a push config take the SDK's path.
 */
export class SkillRequestHandler extends DefaultRequestHandler {
  private readonly executor: AgentExecutor;

  constructor(
    card: ConstructorParameters<typeof DefaultRequestHandler>[0],
    private readonly tasks: TaskStore,
    ...rest: HandlerOptions
  ) {
    super(card, tasks, ...rest);
    this.executor = rest[0];
  }

  override sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    checkNewTask(params);
    return answersInOneCall(params)
      ? this.sendInOneCall(params, context)
      : super.sendMessage(params, context);
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

  private async sendInOneCall(params: SendMessageRequest, context: ServerCallContext): Promise<Task> {
    if (!params.message?.messageId) throw new RequestMalformedError('message.messageId is required.');
    const request = newTaskContext(params, context, await this.getAgentCard());
    const fold = new TaskFold(isFinished);
    let task: Task;
    try {
      await this.executor.execute(request, new FoldingBus((event) => fold.apply(event)));
      task = fold.result();
    } catch (error) {
      task = failedTask(fold, request, error);
    }
    // The store keeps its own copy, so trimming the history of the answer leaves the stored task whole.
    await this.tasks.save(task, context);
    const historyLength = params.configuration?.historyLength;
    if (historyLength !== undefined)
      task.history = historyLength <= 0 ? [] : task.history.slice(-historyLength);
    return task;
  }
}
