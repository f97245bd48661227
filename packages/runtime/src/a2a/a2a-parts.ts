import { randomUUID } from 'node:crypto';
import {
  Role,
  TaskState,
  type Artifact,
  type Message,
  type Part,
  type Task,
  type TaskStatus,
} from '@a2a-js/sdk';

/** Building blocks of what the agent publishes, in the SDK's object form. */

export function dataPart(value: unknown): Part {
  return {
    content: { $case: 'data', value },
    metadata: undefined,
    filename: '',
    mediaType: 'application/json',
  };
}

export function textPart(text: string): Part {
  return {
    content: { $case: 'text', value: text },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

/** A message from the agent about `task`: its text first, then any data (an error body, an escalation). */
export function agentMessage(task: Pick<Task, 'id' | 'contextId'>, text: string, data?: unknown): Message {
  return {
    messageId: randomUUID(),
    contextId: task.contextId,
    taskId: task.id,
    role: Role.ROLE_AGENT,
    parts: data === undefined ? [textPart(text)] : [textPart(text), dataPart(data)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

/** The last millisecond a status was stamped at, and its ISO text: a task takes three stamps in one call. */
let stamped = { at: Number.NaN, text: '' };

function now(): string {
  const at = Date.now();
  if (at !== stamped.at) stamped = { at, text: new Date(at).toISOString() };
  return stamped.text;
}

export function taskStatus(state: TaskState, message?: Message): TaskStatus {
  return { state, message, timestamp: now() };
}

/** The skill's result as the task's artifact: one data part. `id` is stable, so delivering it twice keeps one copy. */
export function resultArtifact(id: string, skill: string, result: unknown): Artifact {
  return {
    artifactId: id,
    name: `${skill} result`,
    description: '',
    parts: [dataPart(result)],
    metadata: undefined,
    extensions: [],
  };
}

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
]);
