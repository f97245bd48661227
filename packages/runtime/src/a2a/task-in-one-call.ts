import { randomUUID } from 'node:crypto';
import {
  Role,
  TaskState,
  type AgentCard,
  type Message,
  type SendMessageRequest,
  type Task,
} from '@a2a-js/sdk';
import { ExtensionSupportRequiredError, RequestMalformedError } from '@a2a-js/sdk/errors';
import {
  AgentEvent,
  type AgentExecutionEvent,
  type EventListener,
  type ExecutionEventBus,
  type ExecutionEventName,
  type FinishedListener,
  type RequestContext,
  type ServerCallContext,
} from '@a2a-js/sdk/server';

/**
 * The task an executor's events describe, folded the way the SDK's ResultManager folds them into its store:
 * the `task` event starts it (the caller's message first in its history), a status update replaces the status
 * and appends its message to the history, an artifact update adds or replaces the artifact by id, metadata
 * merges, and nothing changes a task after it reached a final state. Only what this agent's executor publishes
 * is folded: one task, then updates of that task; a bare `message` event has no task and is refused.
 */
export class TaskFold {
  private task: Task | undefined;
  private finalState = false;

  constructor(private readonly isFinal: (task: Task) => boolean) {}

  apply(event: AgentExecutionEvent): void {
    if (event.kind === 'task') {
      this.task = event.data;
      this.finalState = this.isFinal(event.data);
      return;
    }
    const task = this.task;
    if (event.kind === 'message' || !task || event.data.taskId !== task.id)
      throw new Error(
        `the skill executor published a ${event.kind} event outside its task; it publishes one task and updates of it`,
      );
    if (this.finalState) return;
    if (event.kind === 'statusUpdate') {
      const { status, metadata } = event.data;
      task.status = status;
      if (status?.message && !task.history.some((message) => message.messageId === status.message?.messageId))
        task.history = [...task.history, status.message];
      if (metadata) task.metadata = { ...task.metadata, ...metadata };
      this.finalState = this.isFinal(task);
      return;
    }
    const { artifact, metadata } = event.data;
    if (artifact) {
      const index = task.artifacts.findIndex((known) => known.artifactId === artifact.artifactId);
      if (index === -1) task.artifacts = [...task.artifacts, artifact];
      else task.artifacts = task.artifacts.map((known, at) => (at === index ? artifact : known));
    }
    if (metadata) task.metadata = { ...task.metadata, ...metadata };
  }

  /** Whether the executor has published its task yet. */
  get started(): boolean {
    return this.task !== undefined;
  }

  /** The folded task; throws when the executor published none. */
  result(): Task {
    if (!this.task) throw new Error('the skill executor finished without publishing its task');
    return this.task;
  }
}

/**
 * An event bus nobody else listens on: it hands every event to `onEvent` as it is published. The SDK's buses
 * carry events to stream consumers, resubscribers and push notifications; a call answered in one piece has none.
 */
export class FoldingBus implements ExecutionEventBus {
  constructor(private readonly onEvent: (event: AgentExecutionEvent) => void) {}

  publish(event: AgentExecutionEvent): void {
    this.onEvent(event);
  }

  finished(): void {}

  on(_name: ExecutionEventName, _listener: EventListener | FinishedListener): this {
    return this;
  }

  off(_name: ExecutionEventName, _listener: EventListener | FinishedListener): this {
    return this;
  }

  once(_name: ExecutionEventName, _listener: EventListener | FinishedListener): this {
    return this;
  }

  removeAllListeners(): this {
    return this;
  }
}

/**
 * The request context of a message that starts a new task, prepared as the SDK's handler prepares it
 * (`_createRequestContext`): the message is required, every extension the card marks required must be asked
 * for, the extensions asked for are narrowed to those the card offers, the task gets a fresh id and the message
 * its context id (a fresh one when it names none) and that task id. What the SDK adds for other calls is not
 * needed here: a follow-up to an existing task is refused before this, referenced tasks are not read by this
 * agent's executor, and the SDK's input-mode check is off unless asked for. Unlike the SDK, the request is not
 * deep-copied first: the executor only reads it, and the task store copies what it keeps.
 */
export function newTaskContext(
  params: SendMessageRequest,
  context: ServerCallContext,
  card: AgentCard,
): RequestContext {
  const message = params.message;
  if (!message) throw new RequestMalformedError('request.message is required.');
  const offered = card.capabilities?.extensions ?? [];
  const asked = context.requestedExtensions ?? [];
  const missing = offered.filter((extension) => extension.required && !asked.includes(extension.uri));
  if (missing.length > 0)
    throw new ExtensionSupportRequiredError(
      `Client must declare support for required extensions: ${missing.map((extension) => extension.uri).join(', ')}`,
    );
  if (context.requestedExtensions)
    context.setRequestedExtensions(
      context.requestedExtensions.filter((uri) => offered.some((extension) => extension.uri === uri)),
    );
  const taskId = randomUUID();
  const contextId = message.contextId || randomUUID();
  const userMessage = { ...message, contextId, taskId };
  return { request: { ...params, message: userMessage }, taskId, contextId, context, userMessage };
}

/**
 * The task of an executor that threw, ended as the SDK ends one: FAILED, its status message (also appended to
 * the history) saying why, on top of what the executor had published of the task, if anything.
 */
export function failedTask(fold: TaskFold, request: RequestContext, error: unknown): Task {
  const { taskId, contextId } = request;
  const failure: Message = {
    role: Role.ROLE_AGENT,
    messageId: randomUUID(),
    taskId,
    contextId,
    parts: [
      {
        content: {
          $case: 'text',
          value: `Agent execution error: ${error instanceof Error ? error.message : String(error)}`,
        },
        mediaType: 'text/plain',
        filename: '',
        metadata: {},
      },
    ],
    metadata: {},
    extensions: [],
    referenceTaskIds: [],
  };
  const status = {
    state: TaskState.TASK_STATE_FAILED,
    message: failure,
    timestamp: new Date().toISOString(),
  };
  if (!fold.started)
    fold.apply(
      AgentEvent.task({
        id: taskId,
        contextId,
        status,
        artifacts: [],
        history: [request.userMessage],
        metadata: {},
      }),
    );
  fold.apply(AgentEvent.statusUpdate({ taskId, contextId, status, metadata: {} }));
  return fold.result();
}
