import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_NODE_ARGUMENTS } from './agent-entry';
import { agentEnvironment } from './agent-environment';
import type { DeployedAgent } from './deployment-plan';
import { OutputTail } from './output-tail';

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running agent: its process, its log file and what it last wrote to stderr. */
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
}

/**
 * Starts the agent's bundle (built beforehand by bundleAgents) in the agent's project, with its port,
 * peers and own secrets in the environment. stdout and stderr go to `<logDir>/<id>.log`; the stderr tail stays
 * in memory for error messages.
 */
export function startAgentProcess(agent: DeployedAgent, all: readonly DeployedAgent[], logDir: string, env: NodeJS.ProcessEnv, secrets: Record<string, string> = {}): AgentProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${agent.id}.log`);
  const log = createWriteStream(logFile, { flags: 'w' });
  const child = spawn(process.execPath, AGENT_NODE_ARGUMENTS, {
    cwd: agent.projectRoot,
    env: agentEnvironment(agent, all, env, secrets),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only the supervisor, which stops every agent exactly once.
    detached: true,
  });
  const stderr = new OutputTail();
  child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    log.write(chunk);
  });
  const running: AgentProcess = {
    agent,
    child,
    pid: child.pid ?? -1,
    logFile,
    stderr,
    exited: new Promise<AgentExit>((resolve) => {
      const done = (exit: AgentExit) => {
        if (running.exit) return;
        running.exit = exit;
        log.end();
        resolve(exit);
      };
      // 'close' comes after the process's output is drained, so the log and the tail are complete.
      child.once('close', (code, signal) => done({ code, signal }));
      child.once('error', (error) => {
        stderr.push(`cannot start ${process.execPath}: ${error.message}`);
        done({ code: null, signal: null });
      });
    }),
  };
  return running;
}

export function describeExit(exit: AgentExit): string {
  return exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
}
