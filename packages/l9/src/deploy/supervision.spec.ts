import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '../testing/reference-inputs';
import { StartFailure, waitUntilReady } from './health-wait';
import { isAlive } from './deploy-state';
import { stopProcesses } from './stop-processes';
import { supervisedChildCount } from './supervised-children';
import { startProcess, type SupervisedProcess } from './supervised-process';

const dir = mkdtempSync(join(tmpdir(), 'l9-supervision-'));
const env = { PATH: process.env['PATH'] };
const node = (script: string, logFile?: string): SupervisedProcess =>
  startProcess({ args: ['-e', script], cwd: dir, env, ...(logFile ? { logFile } : {}) });
/** Ready once the child has written `marker` to stderr (its handlers are installed by then). */
const wrote = (p: SupervisedProcess, marker: string) => async () => ({
  ready: p.stderr.text().includes(marker),
  detail: 'nothing written yet',
});
const waitOptions = {
  what: 'the child',
  awaiting: 'saying it is ready',
  notReady: 'did not say it is ready',
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stopping a supervised process', () => {
  it('kills a child that traps SIGTERM once the grace period is over', async () => {
    const stubborn = node(
      "process.on('SIGTERM', () => console.error('SIGTERM ignored')); console.error('ready'); setInterval(() => undefined, 1000);",
    );
    await waitUntilReady(stubborn, wrote(stubborn, 'ready'), {
      ...waitOptions,
      deadline: Date.now() + 20_000,
    });
    const started = Date.now();
    const [exit] = await stopProcesses([stubborn], 500);
    const took = Date.now() - started;
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(stubborn.stderr.text()).toContain('SIGTERM ignored');
    expect(took).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(5_000);
  });

  it('lets a child that ends on SIGTERM end by it, without waiting for the grace period', async () => {
    const plain = node("console.error('ready'); setInterval(() => undefined, 1000);");
    await waitUntilReady(plain, wrote(plain, 'ready'), { ...waitOptions, deadline: Date.now() + 20_000 });
    const started = Date.now();
    const [exit] = await stopProcesses([plain], 10_000);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await stopProcesses([plain], 10)).toEqual([exit]);
    expect(supervisedChildCount()).toBe(0);
  });
});

describe('waiting for a supervised process to be ready', () => {
  it('fails with the tail of its output and its log when it exits first', async () => {
    const logFile = join(dir, 'early.log');
    const early = node(
      "console.log('to the log only'); console.error('loading the model store'); console.error('cannot open the model store'); process.exit(3);",
      logFile,
    );
    const error = await waitUntilReady(early, async () => ({ ready: false, detail: 'refused' }), {
      ...waitOptions,
      deadline: Date.now() + 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartFailure);
    expect((error as Error).message).toBe(
      [
        'the child exited with code 3 before saying it is ready',
        '--- last output of the child ---',
        'loading the model store',
        'cannot open the model store',
        `(full log: ${logFile})`,
      ].join('\n'),
    );
    expect(readFileSync(logFile, 'utf8')).toContain('to the log only');
  });

  it('fails at the deadline with what the probe saw last, and leaves the process to the caller', async () => {
    const silent = node('setInterval(() => undefined, 1000);');
    try {
      await expect(
        waitUntilReady(silent, async () => ({ ready: false, detail: 'ECONNREFUSED' }), {
          ...waitOptions,
          deadline: Date.now() + 300,
        }),
      ).rejects.toThrow('the child did not say it is ready in time (last: ECONNREFUSED)');
      expect(silent.exit).toBeUndefined();
    } finally {
      await stopProcesses([silent]);
    }
  });

  it('ends at once when the start is interrupted', async () => {
    const silent = node('setInterval(() => undefined, 1000);');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    try {
      await expect(
        waitUntilReady(silent, async () => ({ ready: false, detail: 'ECONNREFUSED' }), {
          ...waitOptions,
          deadline: Date.now() + 20_000,
          signal: controller.signal,
        }),
      ).rejects.toThrow('the start was interrupted while waiting for the child');
    } finally {
      await stopProcesses([silent]);
    }
  });
});

describe('children of a supervisor that ends', () => {
  /** Runs testing/supervising-process.ts; resolves with the pid of its child once it has printed it. */
  function supervisor(mode: 'exit' | 'wait') {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'testing', 'supervising-process.ts'), mode],
      // From the workspace, where `-r @swc-node/register` resolves.
      { cwd: workspaceRoot(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const grandchild = new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { child: number }).child);
      });
      void ended.then((exit) => reject(new Error(`the supervisor ended first: ${JSON.stringify(exit)}`)));
    });
    return { child, ended, grandchild };
  }

  async function gone(pid: number): Promise<boolean> {
    for (const deadline = Date.now() + 5_000; Date.now() < deadline; await sleep(50))
      if (!isAlive(pid)) return true;
    return false;
  }

  // Registered on Linux only, where an exited process stays in /proc as a zombie until its parent reaps it.
  if (process.platform === 'linux')
    it('counts a child that has exited but is not reaped yet as stopped', async () => {
      // `sleep 0` exits at once; its parent, replaced by `sleep 3`, never reaps it.
      const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 3'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const pid = Number(
        await new Promise<string>((resolve) =>
          parent.stdout.once('data', (c: Buffer) => resolve(c.toString())),
        ),
      );
      try {
        for (const deadline = Date.now() + 2_000; Date.now() < deadline; await sleep(20))
          if (readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')) break;
        expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /);
        expect(isAlive(pid)).toBe(false);
        expect(isAlive(parent.pid!)).toBe(true);
      } finally {
        parent.kill('SIGKILL');
      }
    });

  it('stops them when it gets SIGTERM, then ends by that signal', async () => {
    const run = supervisor('wait');
    const pid = await run.grandchild;
    expect(isAlive(pid)).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await gone(pid)).toBe(true);
  }, 60_000);

  it('kills them when it exits', async () => {
    const run = supervisor('exit');
    const pid = await run.grandchild;
    expect(await run.ended).toEqual({ code: 0, signal: null });
    expect(await gone(pid)).toBe(true);
  }, 60_000);
});
