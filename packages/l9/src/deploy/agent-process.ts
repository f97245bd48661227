import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AGENT_NODE_ARGUMENTS } from './agent-entry';
import { agentEnvironment } from './agent-environment';
import type { DeployedAgent } from './deployment-plan';
import { OutputTail } from './output-tail';

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One running agent: its process, its log file and what it last wrote to stderr. Agents hosted in one process
 * (see host-process.ts) each have one of these over the same child, pid, log and tail.
 */
export interface AgentProcess {
  agent: DeployedAgent;
  child: ChildProcess;
  pid: number;
  logFile: string;
  stderr: OutputTail;
  /** Resolves when the process has exited, whoever ended it. */
  exited: Promise<AgentExit>;
  /** Set once the process has exited. */
  exit?: AgentExit;
  /** Set when the agent runs in one process with others: how many it hosts (they exit together). */
  hosting?: number;
}

/** That `p`'s process exited before the agent answered `url`: the agent's own, or the one hosting it with others. */
export function exitedBeforeAnswering(
  p: Pick<AgentProcess, 'agent' | 'hosting'>,
  exit: AgentExit,
  url: string,
): string {
  if (p.hosting === undefined) return `${p.agent.name} ${describeExit(exit)} before answering GET ${url}`;
  return `the process hosting ${p.hosting} agents ${describeExit(exit)} before ${p.agent.name} answered GET ${url}`;
}

/** Whose output a failure quotes: the agent's own process, or the one hosting it with others. */
export function outputOwner(p: Pick<AgentProcess, 'agent' | 'hosting'>): string {
  return p.hosting === undefined ? p.agent.name : 'the host process';
}

/** A child process whose stdout and stderr go to `logFile`, with the stderr tail kept in memory. */
export interface LoggedChild {
  child: ChildProcess;
  pid: number;
  logFile: string;
  stderr: OutputTail;
  /** Resolves once it has exited and its output is in the log; `onExit` listeners run first. */
  exited: Promise<AgentExit>;
}

/**
 * Spawns `node <args>` in `cwd` in its own process group (Ctrl-C reaches only the supervisor, which stops every
 * agent exactly once); `stdin`, when given, is written to it and closed. `onExit` runs once, before `exited` resolves.
 */
export function spawnLogged(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  onExit: (exit: AgentExit) => void,
  stdin?: string,
): LoggedChild {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'w' });
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (stdin !== undefined) {
    // A child that dies before reading its stdin is reported by its exit, not by this write.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(stdin);
  }
  const stderr = new OutputTail();
  child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    log.write(chunk);
  });
  let ended = false;
  const exited = new Promise<AgentExit>((resolve) => {
    const done = (exit: AgentExit) => {
      if (ended) return;
      ended = true;
      onExit(exit);
      log.end();
      resolve(exit);
    };
    // 'close' comes after the process's output is drained, so the log and the tail are complete.
    child.once('close', (code, signal) => done({ code, signal }));
    child.once('error', (error) => {
      stderr.push(`cannot start ${process.execPath}: ${error.message}`);
      done({ code: null, signal: null });
    });
  });
  return { child, pid: child.pid ?? -1, logFile, stderr, exited };
}

/**
 * Starts the agent's bundle (built beforehand by bundleAgents) in the agent's project, with its port,
 * peers and own secrets in the environment. stdout and stderr go to `<logDir>/<id>.log`; the stderr tail stays
 * in memory for error messages.
 */
export function startAgentProcess(
  agent: DeployedAgent,
  all: readonly DeployedAgent[],
  logDir: string,
  env: NodeJS.ProcessEnv,
  secrets: Record<string, string> = {},
): AgentProcess {
  let running: AgentProcess | undefined;
  const logged = spawnLogged(
    AGENT_NODE_ARGUMENTS,
    agent.projectRoot,
    agentEnvironment(agent, all, env, secrets),
    join(logDir, `${agent.id}.log`),
    (exit) => {
      running!.exit = exit;
    },
  );
  running = { agent, ...logged };
  return running;
}

export function describeExit(exit: AgentExit): string {
  return exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
}
