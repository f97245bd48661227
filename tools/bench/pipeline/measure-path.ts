import { execFileSync } from 'node:child_process';
import { AgentClient, createEnvelope } from '@l9/runtime';
import type { DeployedAgent, Deployment } from '../../../packages/l9/src/deploy';

export interface PathFigures {
  envelopes: number;
  failed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Resident set size of every agent process after the run, MiB. */
  rssMiB: Record<string, number>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Resident set size of a process, MiB to one decimal. */
export function rssMiB(pid: number): number {
  const kib = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  return Math.round((kib / 1024) * 10) / 10;
}

/**
 * Sends envelopes along `route` for `seconds` from `connections` concurrent senders (each waits for its answer
 * before sending the next); every answer must have come through the whole route. `signals` go in every payload:
 * governance fails closed, so a payload without the signals the agents' rules read is escalated, not answered.
 */
export async function measurePath(
  deployment: Deployment,
  route: readonly string[],
  seconds: number,
  connections: number,
  signals: Record<string, number | boolean> = {},
): Promise<PathFigures> {
  const agents = deployment.plan.agents;
  const [first, ...rest] = route.map((id) => agents.find((a) => a.id === id)!) as [
    DeployedAgent,
    ...DeployedAgent[],
  ];
  const client = new AgentClient({ baseUrl: `http://127.0.0.1:${first.port}`, retries: 0 });
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const sender = async () => {
    while (performance.now() < end) {
      const envelope = createEnvelope({
        packet_type: 'tensor-scorer',
        source_agent: 'bench',
        destination_agent: first.id,
        payload: {
          ...signals,
          route: rest.map((a) => a.id),
          candidates: [{ id: 'c', features: [0.1, 0.9] }],
        },
      });
      const sent = performance.now();
      try {
        const reply = await client.sendPacket(envelope, first.routePrefix);
        const path = reply.envelope.payload['routed_path'];
        if (reply.status === 200 && Array.isArray(path) && path.length === route.length)
          latencies.push(performance.now() - sent);
        else failed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, sender));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    envelopes: latencies.length,
    failed,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
    rssMiB: Object.fromEntries(deployment.processes.map((p) => [p.agent.id, rssMiB(p.pid)])),
  };
}
