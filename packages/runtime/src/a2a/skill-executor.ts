import { TaskState, type Task } from '@a2a-js/sdk';
import {
  AgentEvent,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import { TaskNotCancelableError } from '@a2a-js/sdk/errors';
import type { FastifyRequest } from 'fastify';
import type { EndpointContract } from '../agent/endpoint-contract';
import type { JsonObject } from '../envelope/envelope-schema';
import type { HttpOutcome } from '../server/error-body';
import type { EndpointCallOrigin } from '../server/endpoint-routes';
import { requestOf } from './a2a-caller';
import { agentMessage, resultArtifact, taskStatus } from './a2a-parts';
import { heldPacketId, taskRunMetadata } from './held-task';
import { skillCallOf } from './skill-call';

/** Runs one declared endpoint by name for `request` (its caller), through the endpoint's own admission. */
export type CallEndpoint = (
  name: string,
  request: FastifyRequest,
  input: unknown,
  origin: EndpointCallOrigin,
) => Promise<HttpOutcome> | undefined;

export interface SkillExecutorOptions {
  endpoints: readonly EndpointContract[];
  callEndpoint: CallEndpoint;
  /** Identifies this process: a task left working by another run was cut off by a restart (see held-task.ts). */
  runId: string;
}

/**
 * The call as the endpoint's admission sees it: the task's id as its `Idempotency-Key`. Governance then holds an
 * escalated call under `a2a-task:<task id>`, which is how the task is found again when an anchor resolves it,
 * and the audit entry names the task.
 */
function originOf(taskId: string): EndpointCallOrigin {
  return { door: 'a2a', idempotencyKey: heldPacketId(taskId), taskId };
}

function messageOf(body: unknown, fallback: string): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : fallback;
}

/**
 * Every A2A message becomes one call of a declared endpoint (its skill), admitted exactly as the endpoint's own
 * HTTP route admits it: caller token and endpoint token, rate limit per identity, request schema, governance,
 * and one audit entry naming the caller, the skill and the task, written before the skill runs (503, FAILED,
 * when the log cannot take it). The task then ends as the call did:
 *   200 → COMPLETED with the result as its artifact;
 *   202 (governance escalated) → AUTH_REQUIRED, holding the escalation until an anchor resolves it (see held-task.ts);
 *   400, 401, 403 → REJECTED, the status message saying why (a schema violation names the field);
 *   429, 5xx → FAILED, saying why (retry later).
 */
export class SkillExecutor implements AgentExecutor {
  constructor(private readonly options: SkillExecutorOptions) {}

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const message = context.userMessage;
    const call = skillCallOf(message, this.options.endpoints);
    const task: Task = {
      id: context.taskId,
      contextId: context.contextId,
      status: taskStatus(TaskState.TASK_STATE_SUBMITTED),
      artifacts: [],
      history: [message],
      metadata: taskRunMetadata(this.options.runId, 'skill' in call ? call.skill.name : undefined),
    };
    bus.publish(AgentEvent.task(task));
    const end = (state: TaskState, text: string, data?: unknown) =>
      bus.publish(
        AgentEvent.statusUpdate({
          taskId: task.id,
          contextId: task.contextId,
          status: taskStatus(state, agentMessage(task, text, data)),
          metadata: undefined,
        }),
      );
    if ('refusal' in call) return end(TaskState.TASK_STATE_REJECTED, call.refusal);
    const request = requestOf(context.context);
    const outcome =
      request && this.options.callEndpoint(call.skill.name, request, call.input, originOf(task.id));
    if (!outcome) return end(TaskState.TASK_STATE_FAILED, `skill ${call.skill.name} cannot be called here`);
    bus.publish(
      AgentEvent.statusUpdate({
        taskId: task.id,
        contextId: task.contextId,
        status: taskStatus(TaskState.TASK_STATE_WORKING),
        metadata: undefined,
      }),
    );
    const { statusCode, body } = await outcome;
    if (statusCode === 200 || statusCode === 204) {
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId: task.id,
          contextId: task.contextId,
          artifact: resultArtifact(`${task.id}-result`, call.skill.name, body ?? {}),
          append: false,
          lastChunk: true,
          metadata: undefined,
        }),
      );
      return end(TaskState.TASK_STATE_COMPLETED, `${call.skill.name} completed`);
    }
    if (statusCode === 202) {
      const held = body as JsonObject;
      const why = typeof held['reason'] === 'string' ? held['reason'] : 'held by governance';
      return end(
        TaskState.TASK_STATE_AUTH_REQUIRED,
        `${why}; the task completes when an anchor approves escalation ${String(held['escalation_id'])}, or ends REJECTED`,
        held,
      );
    }
    const reason = messageOf(body, `${call.skill.name} answered ${statusCode}`);
    if (statusCode === 400 || statusCode === 401 || statusCode === 403)
      return end(TaskState.TASK_STATE_REJECTED, reason, body);
    return end(TaskState.TASK_STATE_FAILED, reason, body);
  }

  /**
   * A skill call runs to its end within its endpoint's timeout and cannot be stopped half-way; a held task waits
   * on its anchors, and only they can stop it (by rejecting the escalation). Neither is cancelable.
   */
  async cancelTask(taskId: string): Promise<void> {
    throw new TaskNotCancelableError(
      `task ${taskId} runs to its end within its skill's timeout; a task held for an anchor ends only when the anchor resolves its escalation`,
    );
  }
}
