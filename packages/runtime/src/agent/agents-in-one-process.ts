import { isAbsolute, resolve } from 'node:path';
import { insecureWarning } from '../config/network-exposure';
import type { RunningAgent } from './serve-agent';

/** One agent of a shared process: what `runAgentProcess` gets, plus the environment that is its alone. */
export interface HostedAgent {
  name: string;
  /** The member's `createAgent` (src/generated/wiring.ts): builds the agent from the env map it is handed. */
  create: (env: NodeJS.ProcessEnv) => Promise<RunningAgent<object>>;
  /** Its whole environment: port, identity, keys, backends. Nothing else is read, whatever the process has. */
  env: NodeJS.ProcessEnv;
  /**
   * Where its relative `L9_*_FILE` paths resolve from: its project folder, the working directory a process of
   * its own would have had. Without it they resolve from the process's.
   */
  root?: string;
}

export interface HostOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The agents of one process, all listening. */
export interface AgentHost {
  agents: ReadonlyArray<{ name: string; url: string; agent: RunningAgent<object> }>;
  /** Closes every agent, the last started first (dependants before what they depend on); names any that did not close. */
  close(): Promise<void>;
}

/** One agent of the shared process did not start; the ones started before it were closed again. */
export class HostStartError extends Error {
  constructor(
    readonly agent: string,
    readonly reason: Error,
    readonly stopped: readonly string[],
  ) {
    super(
      `${agent} failed to start: ${reason.message}${stopped.length ? `; stopped ${stopped.join(', ')}` : ''}`,
    );
    this.name = 'HostStartError';
  }
}

/**
 * A separate process would have resolved a relative `L9_AUDIT_FILE` or `L9_ANCHORS_FILE` in the agent's own
 * project; in a shared process two agents would otherwise write the same relative file.
 */
export function hostedEnvironment(env: NodeJS.ProcessEnv, root: string | undefined): NodeJS.ProcessEnv {
  if (root === undefined) return { ...env };
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('L9_') && name.endsWith('_FILE') && value && !isAbsolute(value))
      resolved[name] = resolve(root, value);
  }
  return resolved;
}

async function closeAll(
  started: ReadonlyArray<{ name: string; agent: RunningAgent<object> }>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const { name, agent } of [...started].reverse()) {
    await agent.close().catch((error: Error) => failures.push(`${name}: ${error.message}`));
  }
  return failures;
}

/**
 * Starts the agents one after another in the order given (a plan's topological order puts what an agent depends
 * on first), each built from its own env map and listening before the next is built. The first that fails to
 * be built or to listen closes every agent started before it and rejects with a HostStartError naming it.
 * `shouldStop` is asked between agents: a stop asked for during the start closes what started and resolves
 * to undefined.
 */
export async function startAgentsInOneProcess(
  agents: readonly HostedAgent[],
  output: HostOutput,
  shouldStop: () => boolean = () => false,
): Promise<AgentHost | undefined> {
  const names = new Set<string>();
  for (const hosted of agents) {
    if (names.has(hosted.name)) throw new HostStartError(hosted.name, new Error('is listed twice'), []);
    names.add(hosted.name);
  }
  const started: Array<{ name: string; url: string; agent: RunningAgent<object> }> = [];
  for (const hosted of agents) {
    if (shouldStop()) {
      await closeAll(started);
      return undefined;
    }
    let agent: RunningAgent<object> | undefined;
    try {
      agent = await hosted.create(hostedEnvironment(hosted.env, hosted.root));
      const url = await agent.listen();
      started.push({ name: hosted.name, url, agent });
      output.stdout(`${hosted.name} listening on ${url}\n`);
      const security = agent.security();
      if (security.insecure) output.stderr(`${insecureWarning(hosted.name, security)}\n`);
    } catch (error) {
      // Built but not listening still holds its backends open.
      if (agent && !started.some((s) => s.agent === agent)) await agent.close().catch(() => undefined);
      await closeAll(started);
      throw new HostStartError(hosted.name, error as Error, started.map((s) => s.name).reverse());
    }
  }
  return {
    agents: started,
    close: async () => {
      const failures = await closeAll(started);
      if (failures.length > 0) throw new Error(`did not close cleanly: ${failures.join('; ')}`);
    },
  };
}

/**
 * The body of a host entry (`.l9/bundle/host.js`): several agents of an ecosystem in one node process, each on
 * its own port with its own identity, keys and stores, sharing the loaded runtime. Prints one line per agent as
 * runAgentProcess does; SIGINT or SIGTERM closes all of them in reverse order and exits 0 (1 when one did not
 * close cleanly). A start failure names the agent, stops the others and exits 1.
 */
export function runAgentsInOneProcess(
  agents: readonly HostedAgent[],
  output: HostOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): void {
  let host: AgentHost | undefined;
  let stopSignal: string | undefined;
  let closing = false;
  const label = `${agents.length} agents`;
  const stop = async (signal: string) => {
    stopSignal ??= signal;
    // Still starting: the start sees the signal between agents, or the code below once it has finished.
    // A second signal must not cut the first one's close short (see runAgentProcess).
    if (!host || closing) return;
    closing = true;
    try {
      await host.close();
      output.stdout(`${label} stopped (${stopSignal})\n`);
      process.exit(0);
    } catch (error) {
      output.stderr(`${label}: ${(error as Error).message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  startAgentsInOneProcess(agents, output, () => stopSignal !== undefined)
    .then((started) => {
      if (!started) {
        output.stdout(`${label} stopped during the start (${stopSignal})\n`);
        process.exit(0);
      }
      host = started;
      if (stopSignal !== undefined) void stop(stopSignal);
    })
    .catch((error: Error) => {
      output.stderr(`${error.message}\n`);
      process.exit(1);
    });
}
