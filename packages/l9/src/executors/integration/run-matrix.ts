import { dirname, join } from 'node:path';
import { freePorts } from '@l9/runtime/shared';
import { stopProcesses, type AgentProcess } from '../../deploy';
import { matrixPairs, type LockedPlan } from '../../plan';
import { removeRunState } from './backend-cleanup';
import { backendEnvironment, newRunIsolation, type BackendSet, type RunIsolation } from './backend-set';
import { runSecrets } from './run-secrets';
import { InspectionClient } from './inspection-client';
import { matrixCallerToken } from './matrix-caller-token';
import { matrixAgents } from './matrix-agents';
import type { MatrixRun } from './matrix-result';
import { checkPair, type MatrixPeer, type PairResult } from './pair-check';
import { startMatrixAgents } from './start-matrix-agents';

export interface RunMatrixOptions {
  plan: LockedPlan;
  /** Absolute path of the ecosystem project; agents are its sibling folders, logs go to its `.l9/integration/`. */
  ecosystemRoot: string;
  /** Where `pg` and `ioredis` are resolved from to remove a Redis + PostgreSQL run's state. */
  workspaceRoot: string;
  backends: BackendSet;
  /** The caller's environment; backend URLs are taken from it for the Redis + PostgreSQL set. */
  env: NodeJS.ProcessEnv;
  healthTimeoutMs: number;
  streamTimeoutMs: number;
  isolation?: RunIsolation;
  onProgress?: (line: string) => void;
  /** The Nx target that built the agents' bundles (see startMatrixAgents). */
  bundleTarget?: string;
  /** Where the agents' logs go, under `<ecosystemRoot>/<logDir>/<set>/`; `.l9/integration` by default. */
  logDir?: string;
}

/** The agents of one backend set, started and healthy: what checking a pair on that set needs. */
export interface StartedMatrix {
  /** How the stream leg runs on this set: across processes on a shared stream, or not at all. */
  stream: MatrixRun['stream'];
  /** Checks `source` → `target` (agent names of the plan) on this set. */
  check(source: string, target: string): Promise<PairResult>;
}

/**
 * One backend set: starts every agent of the plan as its own process (the `serve` command) on free ports, or all
 * in one (L9_AGENT_HOST), hands `work` what checks a pair between them, and always stops the agents, also when a
 * start, a check or `work` throws. A Redis + PostgreSQL run works in its own schemas and stream keys and removes
 * them afterwards. The single task checks every ordered pair here, a pair task its two directions, and a batch of
 * pair tasks every pair of the batch on agents started once (see pair-batch.ts).
 */
export async function withMatrixAgents<T>(
  options: RunMatrixOptions,
  work: (matrix: StartedMatrix) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const isolation = options.isolation ?? newRunIsolation();
  const shared = options.backends === 'redis+postgres';
  const env = backendEnvironment(options.backends, options.env, runSecrets(), isolation);
  const agents = matrixAgents(
    options.plan,
    dirname(options.ecosystemRoot),
    await freePorts(options.plan.agents.length),
  );
  let processes: AgentProcess[] = [];
  try {
    progress(`${options.backends}: starting ${agents.map((a) => `${a.name} :${a.port}`).join(', ')}`);
    processes = await startMatrixAgents({
      agents,
      env,
      ecosystemRoot: options.ecosystemRoot,
      logDir: join(
        options.ecosystemRoot,
        options.logDir ?? join('.l9', 'integration'),
        options.backends.replace(/[^a-z0-9]+/g, '-'),
      ),
      healthTimeoutMs: options.healthTimeoutMs,
      ...(options.bundleTarget !== undefined ? { bundleTarget: options.bundleTarget } : {}),
    });
    const peers = new Map<string, MatrixPeer>();
    for (const agent of agents) {
      const client = new InspectionClient(agent, matrixCallerToken(env['L9_PACKET_SECRET']!, agent.id));
      peers.set(agent.name, { client, profile: await client.profile() });
    }
    progress(
      `${options.backends}: every agent healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const peer = (name: string): MatrixPeer => {
      const found = peers.get(name);
      if (!found) throw new Error(`${name} is not an agent this matrix run started`);
      return found;
    };
    return await work({
      stream: shared ? 'shared' : 'not-shared',
      check: (sourceName, targetName) => {
        const source = peer(sourceName);
        const target = peer(targetName);
        // The A2A leg calls B as A: a caller token whose subject is A, for B.
        const a2aToken = matrixCallerToken(
          env['L9_PACKET_SECRET']!,
          target.client.agent.id,
          source.client.agent.id,
        );
        return checkPair(source, target, {
          backends: options.backends,
          sharedStream: shared,
          streamTimeoutMs: options.streamTimeoutMs,
          a2aToken,
        });
      },
    });
  } finally {
    await stopProcesses(processes);
    if (shared) {
      const problems = await removeRunState(
        options.workspaceRoot,
        { redis: options.env['L9_REDIS_URL']!, postgres: options.env['L9_POSTGRES_URL']! },
        isolation,
      );
      for (const problem of problems) progress(`warning: ${problem}`);
    }
  }
}

/** One backend set of the plan's matrix: every ordered pair, on agents started for this run (see withMatrixAgents). */
export async function runMatrix(options: RunMatrixOptions): Promise<MatrixRun> {
  const started = Date.now();
  return withMatrixAgents(options, async (matrix) => {
    const pairs: PairResult[] = [];
    for (const pair of matrixPairs(options.plan)) pairs.push(await matrix.check(pair.source, pair.target));
    return {
      backends: options.backends,
      stream: matrix.stream,
      agents: options.plan.agents.length,
      duration_ms: Date.now() - started,
      pairs,
    };
  });
}
