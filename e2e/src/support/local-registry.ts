import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../packages/runtime/src/shared/free-ports';
import { mustRun } from './commands';
import { repoRoot } from './packed-packages';

/** Where to publish to and install from a Verdaccio registry on a loopback port. */
export interface RegistryAddress {
  url: string;
  /** An npmrc that publishes to and installs from this registry. */
  npmrc: string;
}

/** A running Verdaccio registry: l9's packages from its own storage, everything else from the npm registry. */
export interface LocalRegistry extends RegistryAddress {
  stop(): Promise<void>;
}

/** Where global-setup leaves the address of the run's one registry for the spec files (Jest workers inherit it). */
export const REGISTRY_VARIABLE = 'L9_E2E_REGISTRY';

/** The registry global-setup started for this run, holding the packed l9 and @l9/runtime. */
export function sharedRegistry(): RegistryAddress {
  const file = process.env[REGISTRY_VARIABLE];
  if (!file)
    throw new Error(
      `${REGISTRY_VARIABLE} is not set: run the suite with jest -c e2e/jest.e2e.cjs, whose global setup starts the registry`,
    );
  return JSON.parse(readFileSync(file, 'utf8')) as RegistryAddress;
}

/**
 * What Verdaccio fetched from the npm registry (package documents and tarballs), kept from run to run like
 * npm's own cache: otherwise every run asks the npm registry again for each of the several hundred packages
 * create-nx-workspace, `nx add` and l9:init install. Under node_modules,
 * so a clean install clears it with everything else.
 */
export const PROXY_CACHE = join(repoRoot, 'node_modules', '.cache', 'l9-e2e-registry');

/** The per-run storage's folder for proxied packages: a link to PROXY_CACHE (Verdaccio takes package storages relative to its storage). */
const PROXIED = 'proxied';

/**
 * Verdaccio's configuration: storage and users in `dir`; l9's names served only from that storage (never
 * proxied, gone with the run), every other name proxied and kept in PROXY_CACHE. A cached package document
 * answers for a week before Verdaccio asks the npm registry again: the versions the suite installs are pinned
 * or ranges the cache already satisfies, and a week keeps a CI cache that is restored now and then useful.
 */
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
    '    maxage: 7d',
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
    `    storage: ${PROXIED}`,
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null)
      throw new Error(`verdaccio exited with ${child.exitCode} before answering ${url}`);
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
  if (!response.ok || !body.token)
    throw new Error(`verdaccio refused the e2e user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Starts Verdaccio (this repository's dev dependency) with its config, storage and npmrc in a temp folder. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'l9-e2e-registry-'));
  mkdirSync(PROXY_CACHE, { recursive: true });
  mkdirSync(join(dir, 'storage'));
  symlinkSync(PROXY_CACHE, join(dir, 'storage', PROXIED), 'dir');
  writeFileSync(join(dir, 'config.yaml'), config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
      '--config',
      join(dir, 'config.yaml'),
      '--listen',
      `127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
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
export function publish(registry: RegistryAddress, tarballOrFolder: string): void {
  mustRun(
    'npm',
    [
      'publish',
      tarballOrFolder,
      '--userconfig',
      registry.npmrc,
      '--registry',
      registry.url,
      '--tag',
      'latest',
    ],
    repoRoot,
  );
}
