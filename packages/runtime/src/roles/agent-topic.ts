/** The event-stream topic an agent consumes: `agent.<id>`. Publishers address agents through it. */
export function agentTopic(agentId: string): string {
  return `agent.${agentId}`;
}
