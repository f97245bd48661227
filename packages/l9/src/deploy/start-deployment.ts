import { isPortFree } from '@l9/runtime/shared';
import { bundleAgents, bundleHost } from './agent-bundle';
import { requireBuiltBundles, requireBuiltHost } from './bundle-record';
import { checkHealth, type AgentHealth } from './agent-health';
import { startAgentProcess, type AgentProcess } from './agent-process';
import { deployDirectory } from './deploy-state';
import { DeployError, type DeployedAgent, type DeploymentPlan } from './deployment-plan';
import { waitForAgentsHealth } from './health-wait';
import type { LocalSecrets } from './local-secrets';
import { startHostProcess, type AgentHostChoice } from './host-process';
import { stopProcesses } from './stop-processes';
import { describeExit } from './supervised-process';

export interface StartOptions {
  plan: DeploymentPlan;
  /** The environment every agent inherits; `L9_*_URL` in it select real backends. */
  env?: NodeJS.ProcessEnv;
  /** How long an agent may take to answer `/health` after it was started. */
  healthTimeoutMs?: number;
  /** Progress lines (`starting wave 1: TensorAIOS`, `TensorAIOS healthy on :8000`). */
  onProgress?: (line: string) => void;
  /** Ctrl-C during the start: stops what was started and rejects with a DeployError. */
  signal?: AbortSignal;
  /** Each agent's secrets (packet auth, audit keys, anchors) over `env`: see localSecrets. */
  secrets?: LocalSecrets;
  /** Each agent in its own process (default), or all of them in one from the ecosystem's host bundle (see host-process.ts). */
  host?: AgentHostChoice;
  /**
   * The Nx target that built the agents' bundles beforehand (the `deploy` target depends on it): they are
   * checked against their sources and never built here. Without it (the deploy script, run outside Nx) they
   * are built here, by the same function as that target.
   */
  bundleTarget?: string;
}

export interface AgentStatus {
  agent: DeployedAgent;
  pid: number;
  health: AgentHealth;
}

/** Agents started by one supervisor: their processes, a status probe and a clean stop. */
export interface Deployment {
  plan: DeploymentPlan;
  processes: AgentProcess[];
  /** Health as seen now; an exited process is `down` with its exit, whatever answers on its port. */
  status(): Promise<AgentStatus[]>;
  stop(): Promise<void>;
}

const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;

async function statusOf(p: AgentProcess): Promise<AgentStatus> {
  if (p.exit)
    return {
      agent: p.agent,
      pid: p.pid,
      health: { state: 'down', backends: '-', detail: `process ${describeExit(p.exit)}` },
    };
  return { agent: p.agent, pid: p.pid, health: await checkHealth(p.agent) };
}

async function provideBundles(
  plan: DeploymentPlan,
  bundleTarget: string | undefined,
  host: AgentHostChoice,
  progress: (line: string) => void,
): Promise<void> {
  if (host === 'one-process') {
    if (bundleTarget !== undefined) {
      requireBuiltHost(plan, bundleTarget);
      progress(
        `the host bundle of ${plan.agents.length} agents from the ${bundleTarget} target, built from the sources on disk`,
      );
      return;
    }
    const bundling = Date.now();
    await bundleHost(plan.ecosystemRoot, plan.agents);
    progress(
      `built the host bundle of ${plan.agents.length} agents in ${((Date.now() - bundling) / 1000).toFixed(1)} s`,
    );
    return;
  }
  if (bundleTarget !== undefined) {
    requireBuiltBundles(plan.agents, bundleTarget);
    progress(
      `${plan.agents.length} agent bundles from the ${bundleTarget} target, each built from the sources on disk`,
    );
    return;
  }
  const bundling = Date.now();
  await bundleAgents(plan.agents.map((a) => a.projectRoot));
  progress(`built ${plan.agents.length} agent bundles in ${((Date.now() - bundling) / 1000).toFixed(1)} s`);
}

/**
 * Starts every agent of the plan as its own process (or all in one: `host`), wave by wave: the agents of a wave start together and
 * the next wave starts once each of them answers `/health`. A port in use or a missing or out-of-date bundle
 * throws before anything starts (see requireBuiltBundles); an agent that exits or does not
 * answer in time stops everything already started and throws a DeployError naming the agent, why, and the
 * tail of what it wrote.
 */
export async function startDeployment(options: StartOptions): Promise<Deployment> {
  const { plan } = options;
  const progress = options.onProgress ?? (() => undefined);
  const timeout = options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  for (const agent of plan.agents) {
    if (!(await isPortFree(agent.port))) {
      throw new DeployError(
        `port ${agent.port} for ${agent.name} is in use: stop what holds it (a running deployment stops with --stop) or choose another base with --port-base / L9_PORT_BASE`,
      );
    }
  }
  const host = options.host ?? 'per-process';
  await provideBundles(plan, options.bundleTarget, host, progress);
  const processes: AgentProcess[] = [];
  const deployment: Deployment = {
    plan,
    processes,
    status: () => Promise.all(processes.map(statusOf)),
    stop: async () => {
      await stopProcesses([...processes].reverse());
    },
  };
  const env = options.env ?? process.env;
  // In one process the host starts the agents in plan order, each listening before the next is built, so a
  // wave's agents come up after the waves before them; each wave is still awaited before the next is reported.
  const hosted =
    host === 'one-process'
      ? startHostProcess(
          plan.ecosystemRoot,
          plan.agents,
          plan.agents,
          deployDirectory(plan.ecosystemRoot),
          env,
          (id) => options.secrets?.envFor(id) ?? {},
        )
      : undefined;
  if (hosted) {
    processes.push(...hosted);
    progress(`one process (pid ${hosted[0]!.pid}) hosts all ${hosted.length} agents`);
  }
  for (const [index, wave] of plan.waves.entries()) {
    if (options.signal?.aborted) {
      await deployment.stop();
      throw new DeployError('the start was interrupted; every agent started so far is stopped');
    }
    progress(`wave ${index + 1}: starting ${wave.map((a) => a.name).join(', ')}`);
    const started = hosted
      ? hosted.filter((p) => wave.includes(p.agent))
      : wave.map((agent) =>
          startAgentProcess(
            agent,
            plan.agents,
            deployDirectory(plan.ecosystemRoot),
            env,
            options.secrets?.envFor(agent.id),
          ),
        );
    if (!hosted) processes.push(...started);
    let healths: AgentHealth[];
    try {
      healths = await waitForAgentsHealth(started, {
        deadline: Date.now() + timeout,
        accept: ['ok', 'degraded'],
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      await deployment.stop();
      throw error;
    }
    for (const [i, p] of started.entries()) {
      const health = healths[i]!;
      progress(`${p.agent.name} answers on :${p.agent.port} (${health.state}, ${health.backends})`);
    }
  }
  return deployment;
}
