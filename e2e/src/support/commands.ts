import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

export interface CommandResult {
  status: number;
  /** stdout and stderr as one text, colour codes removed. */
  output: string;
  stdout: string;
}

/** Variables of the run that launched the suite (an Nx task, npm, Jest, the L9 service URLs) that must not reach the user's workspace. */
const INHERITED = /^(NX_|npm_|L9_|JEST_WORKER_ID$|INIT_CWD$)/;

/**
 * The environment of a user at a terminal in CI: no Nx daemon or cloud, no colours, and npm answering from
 * its local cache where it can (`nx g l9:init` runs its own `npm install`, which reads these too).
 */
export function userEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED.test(name)));
  return {
    ...env,
    CI: 'true',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    GIT_AUTHOR_NAME: 'L9 e2e',
    GIT_AUTHOR_EMAIL: 'e2e@l9.invalid',
    GIT_COMMITTER_NAME: 'L9 e2e',
    GIT_COMMITTER_EMAIL: 'e2e@l9.invalid',
    ...extra,
  };
}

/**
 * Runs a command to completion in `cwd` and returns its exit status and output; never throws on a non-zero exit.
 * `env` adds to (or overrides) the user's environment.
 */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): CommandResult {
  const result = spawnSync(command, args, {
    cwd,
    env: userEnvironment(env),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return {
    status: result.status ?? 1,
    output: stripVTControlCharacters(`${result.stdout}${result.stderr}`),
    stdout: stripVTControlCharacters(result.stdout),
  };
}

/** Runs a command that must succeed; on failure the error carries the command, the folder and the whole output. */
export function mustRun(command: string, args: string[], cwd: string): string {
  return mustSucceed(command, args, cwd).output;
}

export function mustSucceed(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): CommandResult {
  const result = run(command, args, cwd, env);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status} in ${cwd}:\n${result.output}`);
  return result;
}

/** `npx nx …` in a workspace, as its user would type it. */
export function nx(workspace: string, args: string[], env: NodeJS.ProcessEnv = {}): CommandResult {
  return run('npx', ['nx', ...args], workspace, env);
}

export function mustNx(workspace: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return mustSucceed('npx', ['nx', ...args], workspace, env).output;
}
