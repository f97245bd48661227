import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_BUNDLE_DIR } from './agent-entry';
import type { DeployedAgent } from './deployment-plan';

/** Where a deployment keeps its state and logs: `<ecosystem>/.l9/deploy/` (git ignores `.l9`). */
export const deployDirectory = (ecosystemRoot: string): string => join(ecosystemRoot, '.l9', 'deploy');
export const stateFile = (ecosystemRoot: string): string =>
  join(deployDirectory(ecosystemRoot), 'state.json');

export interface RecordedAgent extends Pick<DeployedAgent, 'id' | 'name' | 'routePrefix' | 'wave' | 'port'> {
  pid: number;
  log: string;
}

/** A running deployment as another process sees it: enough to report on it and to stop it. */
export interface DeployState {
  format: 'l9/deploy-state@1';
  ecosystem: string;
  /** The process that started the agents and stops them on Ctrl-C. */
  supervisor_pid: number;
  agents: RecordedAgent[];
}

export function writeDeployState(ecosystemRoot: string, state: DeployState): void {
  mkdirSync(deployDirectory(ecosystemRoot), { recursive: true });
  writeFileSync(stateFile(ecosystemRoot), `${JSON.stringify(state, null, 2)}\n`);
}

export function readDeployState(ecosystemRoot: string): DeployState | null {
  try {
    const state = JSON.parse(readFileSync(stateFile(ecosystemRoot), 'utf8')) as DeployState;
    return state.format === 'l9/deploy-state@1' ? state : null;
  } catch {
    return null;
  }
}

export function removeDeployState(ecosystemRoot: string): void {
  rmSync(stateFile(ecosystemRoot), { force: true });
}

/**
 * Whether a process with this id runs (signal 0 checks without signalling). An exited process that its parent
 * has not reaped yet (a zombie, state Z in /proc) has stopped: an orphaned agent is reaped by the machine's init,
 * which may take seconds (2.4 s measured here after an exit 1.2 s after SIGTERM), and signal 0 still succeeds.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may itself hold spaces or parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * Whether `pid` still runs the command a deployment recorded (its command line contains `marker`), so a
 * stale state file never leads to signalling a process that reused the id. Where `/proc` is absent (macOS),
 * a live pid is taken as ours.
 */
export function isRecordedProcess(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is still the recorded agent: every agent process runs a bundle (its project's, or the ecosystem's
 * host bundle for agents in one process), whose folder its command line names.
 */
export const isRecordedAgent = (pid: number): boolean => isRecordedProcess(pid, AGENT_BUNDLE_DIR);
