import { decisionSchema, type Decision, type DecisionInput } from './policy';
import { describeIssues, GovernanceError } from './governance-error';

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The decision as `decisionSchema` reads it. A well-formed decision — what the agent's own gate builds for every
 * packet and endpoint call — is taken field by field, as the schema would take it (its signals copied, unknown
 * keys left out), without zod's walk on the path of every call; anything else goes through the schema, whose
 * issues name what is wrong (`invalid_input`).
 */
export function readDecision(input: DecisionInput): Decision {
  const { id, agent, action, signals, governance_flags, packet_id, trace_id } = input;
  if (
    nonEmpty(id) &&
    nonEmpty(agent) &&
    nonEmpty(action) &&
    (signals === undefined || isRecord(signals)) &&
    (governance_flags === undefined ||
      (Array.isArray(governance_flags) && governance_flags.every((flag) => typeof flag === 'string'))) &&
    optionalString(packet_id) &&
    optionalString(trace_id)
  ) {
    const decision: Decision = { id, agent, action, signals: { ...signals } };
    if (governance_flags !== undefined) decision.governance_flags = [...governance_flags];
    if (packet_id !== undefined) decision.packet_id = packet_id;
    if (trace_id !== undefined) decision.trace_id = trace_id;
    return decision;
  }
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success)
    throw new GovernanceError('invalid_input', describeIssues('decision', parsed.error.issues));
  return parsed.data;
}
