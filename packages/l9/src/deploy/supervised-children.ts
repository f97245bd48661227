import type { ChildProcess } from 'node:child_process';

/** How long a child gets to close its backends after SIGTERM before it is killed. */
export const STOP_GRACE_MS = 10_000;

/** The signals that end a supervisor: Ctrl-C, `kill`/a task runner's cleanup, a closed terminal. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Every running supervised child, with the grace period it gets after SIGTERM. */
const live = new Map<ChildProcess, number>();
let stopping = false;

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * Sends `signal` to the child's process group (a child from startProcess leads its own), so whatever it started
 * goes too; to the child alone when it leads no group (one spawned without `detached`) or the group is gone.
 */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!running(child) || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function after(ms: number): { promise: Promise<'timeout'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

const exitOf = (child: ChildProcess) =>
  running(child) ? new Promise<void>((resolve) => child.once('exit', () => resolve())) : Promise.resolve();

/**
 * SIGTERM to every child still running, then SIGKILL to any that has not exited after `graceMs`; resolves once
 * all have exited. A child that traps or ignores SIGTERM is thus gone at most `graceMs` later.
 */
export async function stopChildren(children: Iterable<ChildProcess>, graceMs = STOP_GRACE_MS): Promise<void> {
  const targets = [...new Set(children)].filter(running);
  const exits = Promise.all(targets.map(exitOf));
  for (const child of targets) signalChild(child, 'SIGTERM');
  const grace = after(graceMs);
  if ((await Promise.race([exits, grace.promise])) === 'timeout')
    for (const child of targets) signalChild(child, 'SIGKILL');
  grace.cancel();
  await exits;
}

/** At exit there is no time left to wait: every child still running is killed outright. */
function killAllNow(): void {
  for (const child of live.keys()) signalChild(child, 'SIGKILL');
}

/**
 * This process was told to end: its children are stopped (SIGTERM, SIGKILL after each one's grace period). A
 * signal during that stop changes nothing: a task runner sends SIGTERM right after the terminal's SIGINT, and
 * cutting the agents' close short would lose what they flush. When nothing else listens for the signal, this
 * process then ends as the signal would have ended it; when something does (a deployment waiting for Ctrl-C,
 * a task runner), that listener decides.
 */
function onEndingSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  const othersDecide = process.listenerCount(signal) > 1;
  void Promise.all([...live].map(([child, graceMs]) => stopChildren([child], graceMs))).then(() => {
    stopping = false;
    if (othersDecide) {
      if (live.size === 0) uninstall();
      return;
    }
    uninstall();
    process.kill(process.pid, signal);
  });
}

function install(): void {
  process.on('exit', killAllNow);
  for (const signal of ENDING_SIGNALS) process.on(signal, onEndingSignal);
}

function uninstall(): void {
  process.off('exit', killAllNow);
  for (const signal of ENDING_SIGNALS) process.off(signal, onEndingSignal);
}

/**
 * Makes `child` die with this process: until it exits it is stopped (SIGTERM, SIGKILL after `graceMs`) when this
 * process gets SIGINT, SIGTERM or SIGHUP, and killed when this process exits. The handlers are installed with the
 * first live child and removed with the last, so a process with no children keeps Node's default behaviour.
 */
export function superviseChild(child: ChildProcess, graceMs = STOP_GRACE_MS): void {
  if (!running(child)) return;
  if (live.size === 0) install();
  live.set(child, graceMs);
  const forget = () => {
    if (!live.delete(child)) return;
    if (live.size === 0 && !stopping) uninstall();
  };
  child.once('exit', forget);
  // A child that could not be started emits 'error' and never 'exit'.
  child.once('error', () => {
    if (child.pid === undefined) forget();
  });
}

/** How many supervised children are running now (what a test checks after a stop). */
export function supervisedChildCount(): number {
  return live.size;
}
