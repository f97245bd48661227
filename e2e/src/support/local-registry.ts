import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun } from './commands';
import { repoRoot } from './packed-packages';

/** A Verdaccio registry on a loopback port: l9's packages from its own storage, everything else from the npm registry. */
export interface LocalRegistry {
  url: string;
  /** An npmrc that publishes to and installs from this registry. */
  npmrc: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Verdaccio's configuration: storage and users in `dir`, l9's names served only from storage (never proxied), the rest proxied. */
function config(dir: string): string {
  return [
    `storage: ${join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(dir, 'htpasswd')}`,
    'uplinks:',
    '  npmjs:',
    '    url: https://registry.npmjs.org/',
    '    timeout: 60s',
    'packages:',
    "  'l9':",
    '    access: $all',
    '    publish: $authenticated',
    "  '@l9/*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    '    proxy: npmjs',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before answering ${url}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`verdaccio did not answer ${url}-/ping within 30 s`);
}

/** Creates the registry's one user, as `npm adduser` does, and returns its token. */
async function addUser(url: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:e2e`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e', password: 'e2e-password', email: 'e2e@l9.invalid' }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio refused the e2e user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Starts Verdaccio (this repository's dev dependency) with its config, storage and npmrc in a temp folder. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'l9-e2e-registry-'));
  writeFileSync(join(dir, 'config.yaml'), config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'verdaccio', 'bin', 'verdaccio'), '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  try {
    await waitUntilUp(url, child);
    const token = await addUser(url);
    const npmrc = join(dir, 'npmrc');
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return {
      url,
      npmrc,
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** `npm publish` of a tarball or an unpacked package folder to the registry. */
export function publish(registry: LocalRegistry, tarballOrFolder: string): void {
  mustRun('npm', ['publish', tarballOrFolder, '--userconfig', registry.npmrc, '--registry', registry.url, '--tag', 'latest'], repoRoot);
}
