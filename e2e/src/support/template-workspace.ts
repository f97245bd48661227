import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mustRun, userEnvironment } from './commands';
import { commitAll } from './git';

/** The Nx release L9 is built for; a user's workspace would carry the same. */
export const NX_VERSION = '22.7.8';

/** Where global-setup leaves the workspace create-nx-workspace made, which each spec file copies. */
export const TEMPLATE_VARIABLE = 'L9_E2E_TEMPLATE';

const WORKSPACE_NAME = 'user-workspace';

/**
 * `npx create-nx-workspace` as a user runs it in CI: the `apps` preset (Nx and @nx/js, no projects), npm,
 * no Nx Cloud, no prompts. The suite makes its own git repository (below), so create-nx-workspace skips git.
 */
const CREATE_NX_WORKSPACE = [
  '--yes',
  `create-nx-workspace@${NX_VERSION}`,
  WORKSPACE_NAME,
  '--preset=apps',
  '--packageManager=npm',
  '--nxCloud=skip',
  '--analytics=false',
  '--skipGit',
  '--no-interactive',
];

/**
 * The workspace as its team would commit it: an .npmrc naming the registry every later install (`nx add`,
 * l9:init's toolchain) reads, no Nx workspace data left from creation, one commit on `main`.
 */
function commitTemplate(workspace: string, registryUrl: string): string {
  writeFileSync(join(workspace, '.npmrc'), `registry=${registryUrl}\n`);
  rmSync(join(workspace, '.nx'), { recursive: true, force: true });
  mustRun('git', ['init', '--quiet', '--initial-branch=main'], workspace);
  commitAll(workspace, 'create-nx-workspace');
  return workspace;
}

/**
 * Runs create-nx-workspace with npm reading from `registryUrl` (create-nx-workspace itself, Nx and every
 * dependency come through it) in a new temp folder, and resolves to the committed workspace. Runs in the
 * background, its output in a log file (so a blocked event loop cannot stall it on a full pipe); on failure
 * the error carries that log and the temp folder is gone.
 */
export function createTemplateWorkspace(registryUrl: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'l9-e2e-template-'));
  const log = join(dir, 'create-nx-workspace.log');
  const fd = openSync(log, 'w');
  const child = spawn('npx', CREATE_NX_WORKSPACE, {
    cwd: dir,
    env: userEnvironment({ npm_config_registry: registryUrl }),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return new Promise<string>((resolve, reject) => {
    const fail = (error: Error) => {
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (code !== 0)
        return fail(
          new Error(
            `npx ${CREATE_NX_WORKSPACE.join(' ')} exited with ${code ?? signal} in ${dir}:\n${readFileSync(log, 'utf8')}`,
          ),
        );
      try {
        resolve(commitTemplate(join(dir, WORKSPACE_NAME), registryUrl));
      } catch (error) {
        fail(error as Error);
      }
    });
  });
}

/** Removes the template's temp folder. */
export function disposeTemplateWorkspace(workspace: string): void {
  rmSync(dirname(workspace), { recursive: true, force: true });
}

/**
 * A fresh copy of the template in its own temp folder (`<temp>/workspace`): node_modules, git history and
 * .npmrc included, so each spec file starts from what create-nx-workspace made without installing again.
 */
export function copyTemplateWorkspace(): string {
  const template = process.env[TEMPLATE_VARIABLE];
  if (!template)
    throw new Error(
      `${TEMPLATE_VARIABLE} is not set: run the suite with jest -c e2e/jest.e2e.cjs, whose global setup runs create-nx-workspace`,
    );
  const workspace = join(mkdtempSync(join(tmpdir(), 'l9-e2e-')), 'workspace');
  mustRun('cp', ['-a', template, workspace], dirname(workspace));
  return workspace;
}
