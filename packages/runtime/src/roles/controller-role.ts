import { randomUUID } from 'node:crypto';
import type { AgentRuntime } from '../agent/agent-runtime';
import { signalsOf } from '../agent/governance-gate';
import { DomainInputError, type DomainContext } from '../agent/operation-registry';
import type { JsonObject } from '../envelope/envelope-schema';
import type { EscalationRecord } from '../governance/escalation-record';
import { appendAgentEpisode } from './agent-episode';

export interface ControlContext extends DomainContext {
  /** Governance flags of the request (`requires_approval`, …). */
  governanceFlags?: string[];
}

export type ControlOutcome =
  | { status: 'completed'; operation: string; result: JsonObject; episode_id: string }
  | { status: 'escalated'; operation: string; escalation: EscalationRecord; episode_id: string };

/**
 * Runs the agent's domain operations under governance: each call is first put to the schema's policy (the
 * numbers and booleans of its input are the signals); an escalated call is held, not run, and comes back
 * as the escalation for an anchor; an allowed one is dispatched and its outcome recorded as an episode.
 */
export class ControllerRole {
  constructor(private readonly runtime: AgentRuntime) {}

  operations(): string[] {
    return this.runtime.operations.names();
  }

  async handle(operation: string, input: JsonObject, context: ControlContext = {}): Promise<ControlOutcome> {
    if (!this.runtime.operations.get(operation)) {
      throw new DomainInputError(
        `no operation '${operation}'; ${this.runtime.identity.name} has ${this.operations().join(', ') || 'none'}`,
      );
    }
    const decision = await this.runtime.governance.evaluate({
      id: context.packetId ?? randomUUID(),
      agent: this.runtime.identity.id,
      action: operation,
      signals: signalsOf(input),
      ...(context.governanceFlags ? { governance_flags: context.governanceFlags } : {}),
      ...(context.packetId ? { packet_id: context.packetId } : {}),
      ...(context.traceId ? { trace_id: context.traceId } : {}),
    });
    if (decision.outcome === 'escalated' && decision.escalation) {
      const episode = await this.episode(
        'controller.escalated',
        { operation, escalation_id: decision.escalation.id, anchors: decision.escalation.anchors },
        context,
      );
      return { status: 'escalated', operation, escalation: decision.escalation, episode_id: episode };
    }
    let result: JsonObject;
    try {
      result = await this.runtime.operations.dispatch(operation, input, context);
    } catch (error) {
      await this.episode(
        'controller.failed',
        { operation, error: error instanceof Error ? error.message : String(error) },
        context,
      );
      throw error;
    }
    const episode = await this.episode('controller.completed', { operation, result }, context);
    return { status: 'completed', operation, result, episode_id: episode };
  }

  private async episode(kind: string, data: JsonObject, context: DomainContext): Promise<string> {
    return (await appendAgentEpisode(this.runtime, kind, data, context)).id;
  }
}
