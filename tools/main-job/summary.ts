import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentStatus } from '../../packages/l9/src/deploy';
import type { StepResult } from './run-step';
import type { PathResult } from './send-through-path';

/** What `npm start` leaves behind for CI and people: every step, every agent's health, the path result. */
export interface MainJobSummary {
  format: 'l9/main-job@1';
  ok: boolean;
  ecosystem: string;
  steps: StepResult[];
  agents: Array<{
    id: string;
    name: string;
    port: number;
    pid: number;
    backends: string;
    health: string;
    detail?: string;
  }>;
  path: PathResult | null;
  report: string | null;
  kept_running: boolean;
}

export function agentRows(statuses: readonly AgentStatus[]): MainJobSummary['agents'] {
  return statuses.map(({ agent, pid, health }) => ({
    id: agent.id,
    name: agent.name,
    port: agent.port,
    pid,
    backends: health.backends,
    health: health.state,
    ...(health.detail ? { detail: health.detail } : {}),
  }));
}

export function writeSummary(path: string, summary: MainJobSummary): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`);
}
