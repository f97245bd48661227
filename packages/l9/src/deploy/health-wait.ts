import { checkHealth, healthUrl, type AgentHealth, type HealthState } from './agent-health';
import type { AgentProcess } from './agent-process';
import { DeployError } from './deployment-plan';
import { describeExit, type SupervisedProcess } from './supervised-process';
import { setTimeout as sleep } from 'node:timers/promises';

/** What one look at a starting process found: ready, or not yet and why. */
export interface Readiness {
  ready: boolean;
  detail: string;
}

export interface WaitOptions {
  /** Epoch milliseconds after which a process that is still not ready is a failure. */
  deadline: number;
  /** Aborted (Ctrl-C during a start): the wait ends with a failure at once. */
  signal?: AbortSignal;
  /** What is waited for, in the failure's first line: `TensorAIOS`, `the baseline server`. */
  what: string;
  /** What it had not done when it exited: `answering GET http://…/health`. */
  awaiting: string;
  /** What it had not done at the deadline: `did not answer GET http://…/health with ok`. */
  notReady: string;
  /** Says what exited, instead of `<what> <exit>` (one process hosting several agents). */
  exitedText?: (exit: NonNullable<SupervisedProcess['exit']>) => string;
  /** Whose output the tail is, when it is not `what`'s own (`the host process`). */
  outputOwner?: string;
}

/** A process that did not become ready: why, then the tail of what it wrote and where its full log is. */
export class StartFailure extends DeployError {
  constructor(
    readonly reason: string,
    tail: string,
    owner: string,
    logFile: string | undefined,
  ) {
    super(
      `${reason}${tail ? `\n--- last output of ${owner} ---\n${tail}` : ''}${logFile ? `\n(full log: ${logFile})` : ''}`,
    );
    this.name = 'StartFailure';
  }
}

const aborted = (signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));

/**
 * Asks `probe` until it says ready, backing off from 50 to 400 ms and waking at once when the process exits;
 * fails with a StartFailure carrying the process's last output when it exits first, when the deadline passes
 * (with the probe's last answer) or when `signal` aborts.
 */
export async function waitUntilReady(
  p: SupervisedProcess,
  probe: () => Promise<Readiness>,
  options: WaitOptions,
): Promise<void> {
  const fail = (reason: string) =>
    new StartFailure(reason, p.stderr.text(), options.outputOwner ?? options.what, p.logFile);
  const interrupted = aborted(options.signal);
  for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
    if (options.signal?.aborted) throw fail(`the start was interrupted while waiting for ${options.what}`);
    if (p.exit)
      throw fail(
        options.exitedText?.(p.exit) ?? `${options.what} ${describeExit(p.exit)} before ${options.awaiting}`,
      );
    const look = await probe();
    if (p.exit) continue;
    if (look.ready) return;
    if (Date.now() > options.deadline)
      throw fail(`${options.what} ${options.notReady} in time (last: ${look.detail})`);
    await Promise.race([sleep(delay), p.exited, interrupted]);
  }
}

export interface AgentWaitOptions {
  deadline: number;
  signal?: AbortSignal;
  /** The health states that count as started: `ok` only (the matrix), or `degraded` too (a deployment). */
  accept: readonly HealthState[];
}

/**
 * Waits until the agent's `GET /<prefix>/health` answers with an accepted state; resolves with that health.
 * Fails as waitUntilReady does, naming the agent (or the process hosting it) and the health URL.
 */
export async function waitForAgentHealth(p: AgentProcess, options: AgentWaitOptions): Promise<AgentHealth> {
  const url = healthUrl(p.agent);
  let last: AgentHealth | undefined;
  await waitUntilReady(
    p,
    async () => {
      last = await checkHealth(p.agent);
      return {
        ready: options.accept.includes(last.state),
        detail: `${last.state}${last.detail ? `, ${last.detail}` : ''}`,
      };
    },
    {
      deadline: options.deadline,
      ...(options.signal ? { signal: options.signal } : {}),
      what: p.agent.name,
      awaiting: `answering GET ${url}`,
      notReady: `did not answer GET ${url} with ${options.accept.join(' or ')}`,
      ...(p.hosting !== undefined
        ? {
            exitedText: (exit) =>
              `the process hosting ${p.hosting} agents ${describeExit(exit)} before ${p.agent.name} answered GET ${url}`,
            // In one process the agents exit together: the host's own output names the one that failed to start.
            outputOwner: 'the host process',
          }
        : {}),
    },
  );
  return last!;
}

/**
 * Waits for every agent at once; when one fails, the first failure in their order is thrown once all waits have
 * ended (the caller then stops them all).
 */
export async function waitForAgentsHealth(
  processes: readonly AgentProcess[],
  options: AgentWaitOptions,
): Promise<AgentHealth[]> {
  const results = await Promise.allSettled(processes.map((p) => waitForAgentHealth(p, options)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<AgentHealth>).value);
}
