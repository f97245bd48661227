import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutputTail } from './output-tail';
import { superviseChild } from './supervised-children';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process this process supervises: stopped with it (see supervised-children.ts), its stderr tail kept. */
export interface SupervisedProcess {
  child: ChildProcess;
  pid: number;
  /** Where stdout and stderr go; without one, stdout is dropped and stderr lives only in the tail. */
  logFile?: string;
  /** The last lines it wrote to stderr, quoted by a failure. */
  stderr: OutputTail;
  /** Resolves once it has exited and its output is in the log, whoever ended it; `onExit` runs first. */
  exited: Promise<ProcessExit>;
  /** Set once it has exited. */
  exit?: ProcessExit;
}

export interface StartProcessOptions {
  /** Arguments of `node` (this process's executable): Node flags, then the script. */
  args: readonly string[];
  cwd: string;
  /** The whole environment of the child: nothing of this process's is added. */
  env: NodeJS.ProcessEnv;
  logFile?: string;
  /** Written to the child's stdin, which is then closed (a host's request; see host-process.ts). */
  stdin?: string;
  /** Runs once when it has exited, before `exited` resolves. */
  onExit?: (exit: ProcessExit) => void;
  /** How long it may take to end after SIGTERM when this process ends, before it is killed (STOP_GRACE_MS). */
  stopGraceMs?: number;
}

/**
 * Starts `node <args>` in `cwd` with exactly `env`, in its own process group: Ctrl-C reaches only this
 * process, which stops the child exactly once — when the caller stops it, or when this process is interrupted,
 * terminated or exits (see supervised-children.ts), so no child outlives the run that started it.
 */
export function startProcess(options: StartProcessOptions): SupervisedProcess {
  const log = options.logFile === undefined ? undefined : openLog(options.logFile);
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', log ? 'pipe' : 'ignore', 'pipe'],
    detached: true,
  });
  superviseChild(child, options.stopGraceMs);
  if (options.stdin !== undefined) {
    // A child that dies before reading its stdin is reported by its exit, not by this write.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.stdin);
  }
  const stderr = new OutputTail();
  if (log) child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    log?.write(chunk);
  });
  const supervised: SupervisedProcess = {
    child,
    pid: child.pid ?? -1,
    ...(options.logFile !== undefined ? { logFile: options.logFile } : {}),
    stderr,
    exited: new Promise<ProcessExit>((resolve) => {
      let ended = false;
      const done = (exit: ProcessExit) => {
        if (ended) return;
        ended = true;
        supervised.exit = exit;
        options.onExit?.(exit);
        // Resolved once the log is flushed, so a reader of the log file finds all of the output.
        if (log) log.end(() => resolve(exit));
        else resolve(exit);
      };
      // 'close' comes after the process's output is drained, so the log and the tail are complete.
      child.once('close', (code, signal) => done({ code, signal }));
      child.once('error', (error) => {
        stderr.push(`cannot start ${process.execPath}: ${error.message}`);
        done({ code: null, signal: null });
      });
    }),
  };
  return supervised;
}

function openLog(logFile: string) {
  mkdirSync(dirname(logFile), { recursive: true });
  return createWriteStream(logFile, { flags: 'w' });
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
}
