import type { AgentProcess } from './agent-process';
import { describeExit } from './supervised-process';
import type { AgentHostChoice } from './host-process';
import {
  isRecordedAgent,
  isRecordedProcess,
  readDeployState,
  removeDeployState,
  writeDeployState,
} from './deploy-state';
import { DeployError, deploymentPlan, readLockedPlan, resolvePortBase } from './deployment-plan';
import { localSecrets } from './local-secrets';
import { renderCurlLines, renderStatusTable } from './status-table';
import { startDeployment, type Deployment } from './start-deployment';
import { nextStopSignal } from './stop-signal';

export interface RunDeploymentOptions {
  ecosystemRoot: string;
  portBase?: number | string;
  healthTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  out: (text: string) => void;
  /** How the caller is told to stop it: the Nx target or the script. */
  stopHint: string;
  /** The Nx target that built the bundles (the deploy target's); without it, they are built here (see startDeployment). */
  bundleTarget?: string;
  /** Each agent in its own process (default), or all in one (see host-process.ts). */
  host?: AgentHostChoice;
}

export function refuseSecondDeployment(ecosystemRoot: string): void {
  const running = readDeployState(ecosystemRoot);
  if (
    running &&
    (isRecordedProcess(running.supervisor_pid, 'node') || running.agents.some((a) => isRecordedAgent(a.pid)))
  ) {
    throw new DeployError(
      `${running.ecosystem} is already deployed (supervisor pid ${running.supervisor_pid}); stop it first with --stop`,
    );
  }
}

function watchForExits(deployment: Deployment, out: (text: string) => void, stopping: () => boolean): void {
  // Agents hosted in one process share it: one line for the process, naming every agent it took down.
  const byChild = new Map<AgentProcess['child'], AgentProcess[]>();
  for (const p of deployment.processes) byChild.set(p.child, [...(byChild.get(p.child) ?? []), p]);
  for (const group of byChild.values()) {
    const p = group[0]!;
    void p.exited.then((exit) => {
      if (stopping()) return;
      const tail = p.stderr.text().split('\n').slice(-3).join('\n');
      const who =
        p.hosting === undefined
          ? `${p.agent.name} (pid ${p.pid}, port ${p.agent.port})`
          : `the process hosting ${group.map((g) => g.agent.name).join(', ')} (pid ${p.pid})`;
      const others =
        deployment.processes.length > group.length ? 'the other agents keep serving' : 'no agent is serving';
      out(`${who} ${describeExit(exit)}; ${others}.${tail ? `\n${tail}` : ''}\n`);
    });
  }
}

/** Records a running deployment under `<ecosystem>/.l9/deploy/state.json`, so `--stop` and `--status` find it. */
export function recordDeployment(deployment: Deployment): void {
  const { plan } = deployment;
  writeDeployState(plan.ecosystemRoot, {
    format: 'l9/deploy-state@1',
    ecosystem: plan.ecosystem,
    supervisor_pid: process.pid,
    agents: deployment.processes.map((p) => ({
      id: p.agent.id,
      name: p.agent.name,
      routePrefix: p.agent.routePrefix,
      wave: p.agent.wave,
      port: p.agent.port,
      pid: p.pid,
      log: p.logFile,
    })),
  });
}

/**
 * The foreground deployment behind the `deploy` target and the generated script: starts every agent in wave
 * order with packet auth required and the local secret set (generated on first use, said so; see
 * local-secrets.ts), records the deployment for `--stop`/`--status`, prints the status table and the status endpoints,
 * reports any agent that exits, and stops them all on Ctrl-C (SIGINT) or SIGTERM (what `--stop` sends).
 */
export async function runDeployment(options: RunDeploymentOptions): Promise<void> {
  const { ecosystemRoot, out } = options;
  const env = options.env ?? process.env;
  const locked = readLockedPlan(ecosystemRoot);
  const plan = deploymentPlan(locked, ecosystemRoot, resolvePortBase(locked, options.portBase, env));
  refuseSecondDeployment(ecosystemRoot);
  const signals = nextStopSignal();
  try {
    const backends = ['L9_REDIS_URL', 'L9_POSTGRES_URL', 'L9_NEO4J_URL'].filter((name) => env[name]);
    out(
      `${plan.ecosystem}: ${plan.agents.length} agents in ${plan.waves.length} waves${options.host === 'one-process' ? ' in one process' : ''}, ports ${plan.agents[0]!.port}–${plan.agents.at(-1)!.port}, backends ${backends.length ? `from ${backends.join(', ')}` : 'embedded'}\n`,
    );
    const secrets = localSecrets(
      ecosystemRoot,
      plan.agents.map((a) => a.id),
      env,
    );
    for (const note of secrets.notes) out(`${note}\n`);
    const deployment = await startDeployment({
      plan,
      env,
      secrets,
      signal: signals.abort,
      ...(options.bundleTarget !== undefined ? { bundleTarget: options.bundleTarget } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.healthTimeoutMs ? { healthTimeoutMs: options.healthTimeoutMs } : {}),
      onProgress: (line) => out(`  ${line}\n`),
    });
    let stopping = false;
    recordDeployment(deployment);
    watchForExits(deployment, out, () => stopping);
    out(
      `\n${renderStatusTable(await deployment.status())}\n\n${renderCurlLines(deployment.processes)}\n\nlogs: ${ecosystemRoot}/.l9/deploy/${options.host === 'one-process' ? 'host' : '<agent>'}.log — Ctrl-C or ${options.stopHint} stops every agent\n`,
    );
    const signal = await signals.stopped;
    stopping = true;
    out(`\n${signal}: stopping ${plan.agents.length} agents\n`);
    await deployment.stop();
    removeDeployState(ecosystemRoot);
    out(
      `stopped: ${deployment.processes.map((p) => `${p.agent.name} (${p.exit ? describeExit(p.exit) : 'running'})`).join(', ')}\n`,
    );
  } finally {
    signals.dispose();
  }
}
