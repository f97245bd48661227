import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../shared/free-ports';
import { sleep } from './wait-for';

export interface PrivateRedisServerOptions {
  /** The `redis-server` to run (from `serviceProgram('redis-server')`); `redis-server` on PATH by default. */
  binary?: string;
  /**
   * Keep data across `kill()` and `restart()` in an append-only file fsynced on every write, so whatever the
   * server acknowledged before a crash is there after it. Without it a restart starts empty.
   */
  persistent?: boolean;
}

/**
 * A throwaway `redis-server` owned by one test file, so fault tests can kill and restart Redis without
 * touching the shared server.
 */
export class PrivateRedisServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly binary: string,
    private readonly dataDir: string | undefined,
  ) {}

  static async start(options: PrivateRedisServerOptions = {}): Promise<PrivateRedisServer> {
    const dataDir = options.persistent ? await mkdtemp(join(tmpdir(), 'l9-private-redis-')) : undefined;
    const server = new PrivateRedisServer(await freePort(), options.binary ?? 'redis-server', dataDir);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    if (this.child) throw new Error('private redis-server is already running');
    const persistence = this.dataDir
      ? ['--dir', this.dataDir, '--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    const child = spawn(
      this.binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    // A missing binary is reported here (ENOENT) instead of as an uncaught 'error' event.
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (spawnError) {
        this.child = undefined;
        throw new Error(`cannot start ${this.binary}: ${spawnError.message}`);
      }
      if (child.exitCode !== null) {
        this.child = undefined;
        throw new Error(`redis-server on port ${this.port} exited with ${child.exitCode}`);
      }
      if (await accepts(this.port)) return;
      await sleep(25);
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }

  /** SIGKILL, as a crash would: no graceful shutdown, connections drop. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server and removes its data directory, if it had one. */
  async dispose(): Promise<void> {
    await this.kill();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
