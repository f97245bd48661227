import type { AgentRuntime } from '../agent/agent-runtime';
import type { JsonValue } from '../envelope/envelope-schema';
import { flagEnabled } from './role-flags';

/**
 * Appends a security-relevant event of this agent to its hash-chained audit log, unless the agent runs with
 * `L9_ENABLE_AUDIT_LOG=false`. Returns the entry's sequence number, or null when auditing is off.
 */
export async function auditEvent(
  runtime: AgentRuntime,
  action: string,
  subject: string | null,
  data: JsonValue,
): Promise<number | null> {
  if (!flagEnabled(runtime, 'AUDIT_LOG', true)) return null;
  const entry = await runtime.audit.append({ agent: runtime.identity.id, action, subject, data });
  return entry.seq;
}
