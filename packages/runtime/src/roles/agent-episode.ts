import type { AgentRuntime } from '../agent/agent-runtime';
import type { Episode } from '../memory/episodic/episodic-log';
import type { JsonObject } from '../memory/json-value';

/** The trace and packet an episode belongs to, when the work that records it has them. */
export interface EpisodeContext {
  traceId?: string;
  packetId?: string;
}

/** Appends an episode of this agent, tied to the trace and packet of `context` when they are known. */
export function appendAgentEpisode(
  runtime: AgentRuntime,
  kind: string,
  data: JsonObject,
  context: EpisodeContext = {},
): Promise<Episode> {
  return runtime.memory.episodic.append({
    agent: runtime.identity.id,
    kind,
    data,
    ...(context.traceId ? { trace_id: context.traceId } : {}),
    ...(context.packetId ? { packet_id: context.packetId } : {}),
  });
}
