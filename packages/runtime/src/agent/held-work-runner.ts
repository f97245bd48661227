import { describeIssues } from '../contract/contract-issues';
import { endpointValidator } from '../contract/endpoint-validator';
import type { JsonObject, JsonValue } from '../envelope/envelope-schema';
import type { HeldWorkRunner } from '../governance';
import type { PacketHandler } from '../server/server-options';
import type { AgentRuntime } from './agent-runtime';
import { acknowledgeOperation } from './default-operations';
import type { EndpointContract } from './endpoint-contract';
import type { DomainContext } from './operation-registry';

/** What a declared endpoint does with an accepted payload: its domain operation, or the runtime's default acknowledgement. */
export function runEndpointOperation(
  runtime: AgentRuntime,
  endpoint: EndpointContract,
  payload: JsonObject,
  context: DomainContext,
): Promise<JsonObject> {
  return endpoint.operation
    ? runtime.operations.dispatch(endpoint.operation, payload, context)
    : acknowledgeOperation(runtime, endpoint.name, payload, context);
}

/**
 * Runs approved held work with the agent's own handlers, once governance has claimed it. Credentials and
 * governance were checked when the work arrived and an anchor approved it, so neither is checked again:
 *   packet   → the agent's packet handler (route forwarding included) on the held envelope; the result is
 *              `{packet_type, payload}` as the synchronous answer would have carried them;
 *   endpoint → the endpoint's domain operation with the held payload, within the endpoint's timeout; its answer
 *              must meet the endpoint's response schema, as a live call's must, and so must an anchor's override.
 */
export function heldWorkRunner(
  runtime: AgentRuntime,
  endpoints: readonly EndpointContract[],
  packetHandler: PacketHandler,
): HeldWorkRunner {
  const endpointOf = (name: string) =>
    endpoints.find((candidate) => candidate.name === name || candidate.path === name);
  return {
    async run(work, escalation): Promise<JsonValue> {
      if (work.kind === 'packet') {
        // Nothing waits on held work with a deadline: the signal is never aborted, as for an answered packet.
        const controller = new AbortController();
        const log = runtime.log.child({ escalation_id: escalation.id, packet_id: work.envelope.packet_id });
        const result = await packetHandler(work.envelope, { log, signal: controller.signal });
        return {
          packet_type: result.packet_type ?? `${work.envelope.packet_type}.result`,
          payload: result.payload,
        };
      }
      const endpoint = endpointOf(work.endpoint);
      if (!endpoint)
        throw new Error(`endpoint ${work.endpoint} is no longer declared by ${runtime.identity.id}`);
      const signal = AbortSignal.timeout(endpoint.timeout_ms);
      const result = await runEndpointOperation(runtime, endpoint, work.payload, {
        signal,
        packetId: escalation.decision.packet_id ?? escalation.id,
      });
      // Held work answers through the same contract as a live call: an answer off its response schema is a failure.
      const checked = endpointValidator(endpoint).validateResponse(result);
      if (!checked.ok)
        throw new Error(
          `${endpoint.name} answered outside its response schema (response_contract_violation): ${describeIssues(checked.issues)}`,
        );
      return result;
    },
    overrideProblem(work, value) {
      const endpoint = work.kind === 'endpoint' ? endpointOf(work.endpoint) : undefined;
      if (!endpoint) return undefined;
      const checked = endpointValidator(endpoint).validateResponse(value);
      return checked.ok ? undefined : `${endpoint.name}'s response schema: ${describeIssues(checked.issues)}`;
    },
  };
}
