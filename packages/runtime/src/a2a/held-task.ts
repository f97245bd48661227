import { TaskState, type Task } from '@a2a-js/sdk';
import type { EscalationRecord } from '../governance/escalation-record';
import { isFinalOutcome } from '../governance/escalation-record';
import { agentMessage, resultArtifact, taskStatus } from './a2a-parts';

/** The packet id governance holds an A2A task's escalated call under (its `Idempotency-Key`). */
const HELD_PREFIX = 'a2a-task:';

export function heldPacketId(taskId: string): string {
  return `${HELD_PREFIX}${taskId}`;
}

/** The task an escalation holds, when it came in over A2A. */
export function heldTaskId(record: EscalationRecord): string | undefined {
  const packetId = record.decision.packet_id;
  return packetId?.startsWith(HELD_PREFIX) && record.work?.kind === 'endpoint'
    ? packetId.slice(HELD_PREFIX.length)
    : undefined;
}

/** Where a task records the process that ran it and its skill. */
const METADATA_KEY = 'l9';

export function taskRunMetadata(runId: string, skill: string | undefined): Record<string, unknown> {
  return { [METADATA_KEY]: { run: runId, ...(skill ? { skill } : {}) } };
}

function runOf(task: Task): unknown {
  const own = task.metadata?.[METADATA_KEY] as { run?: unknown } | undefined;
  return own?.run;
}

/** A task that is neither finished nor held for an anchor, but whose process is gone, was cut off by a restart. */
export function wasCutOff(task: Task, runId: string): boolean {
  const state = task.status?.state;
  return (
    (state === TaskState.TASK_STATE_SUBMITTED || state === TaskState.TASK_STATE_WORKING) &&
    runOf(task) !== runId
  );
}

/**
 * A task cut off by a restart ends FAILED and is not run again: its call may have had effects, so the caller
 * checks and sends it again, as for held work a restart interrupts.
 */
export function cutOffTask(task: Task): Task {
  const text =
    'the agent stopped while this task ran; it is not run again, since it may have had effects: check them and send the message again if it is still needed';
  return { ...task, status: taskStatus(TaskState.TASK_STATE_FAILED, agentMessage(task, text)) };
}

function resolvedBy(record: EscalationRecord): string {
  const resolution = record.resolution;
  return resolution ? `${resolution.by}: ${resolution.reason}` : 'an anchor';
}

/**
 * The held task as its escalation's final outcome leaves it, or `undefined` while the outcome is not final:
 * approved and run → COMPLETED with the result as its artifact; overridden → COMPLETED with the anchor's value
 * as its artifact; rejected → REJECTED; failed or interrupted → FAILED. The artifact's id is the escalation's,
 * so settling twice (delivery is at least once) keeps one copy.
 */
export function settledTask(task: Task, record: EscalationRecord): Task | undefined {
  const outcome = record.outcome;
  if (!isFinalOutcome(outcome)) return undefined;
  const skill = record.work?.kind === 'endpoint' ? record.work.endpoint : 'skill';
  const data = { escalation_id: record.id, status: record.status, outcome: outcome.state };
  const withStatus = (state: TaskState, text: string): Task => ({
    ...task,
    status: taskStatus(state, agentMessage(task, text, data)),
  });
  switch (outcome.state) {
    case 'completed':
    case 'overridden': {
      const artifact = resultArtifact(`${record.id}-result`, skill, outcome.result ?? null);
      const done = withStatus(
        TaskState.TASK_STATE_COMPLETED,
        `${outcome.state === 'completed' ? 'approved' : 'overridden'} by ${resolvedBy(record)}`,
      );
      return {
        ...done,
        artifacts: [...task.artifacts.filter((a) => a.artifactId !== artifact.artifactId), artifact],
      };
    }
    case 'rejected':
      return withStatus(TaskState.TASK_STATE_REJECTED, `rejected by ${resolvedBy(record)}`);
    default:
      return withStatus(
        TaskState.TASK_STATE_FAILED,
        `approved by ${resolvedBy(record)}, but the work did not complete: ${outcome.error ?? outcome.state}`,
      );
  }
}
