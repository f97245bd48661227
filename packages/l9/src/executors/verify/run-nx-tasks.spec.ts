import { nestedNxEnv, runManyArguments } from './run-nx-tasks';

describe('the nested Nx run of the evidence executors', () => {
  it('runs the tasks with run-many, already synced, printing plainly', () => {
    expect(
      runManyArguments({ targets: ['test', 'integration'], projects: ['alpha', 'beta', 'demo-ecosystem'] }),
    ).toEqual([
      'run-many',
      '--targets=test,integration',
      '--projects=alpha,beta,demo-ecosystem',
      '--skip-sync',
      '--outputStyle=static',
    ]);
  });

  it("leaves out what the outer task told its own process, and keeps the user's settings", () => {
    const env = nestedNxEnv({
      NX_TASK_TARGET_PROJECT: 'alpha',
      NX_TASK_HASH: 'abc',
      NX_TERMINAL_OUTPUT_PATH: '/tmp/out',
      NX_STREAM_OUTPUT: 'true',
      NX_PREFIX_OUTPUT: 'true',
      NX_FORKED_TASK_EXECUTOR: 'true',
      NX_SET_CLI: 'true',
      NX_DAEMON: 'false',
      NX_SKIP_NX_CACHE: 'true',
      L9_EVIDENCE_KEY: 'key',
      PATH: '/usr/bin',
    });
    expect(env).toEqual({
      NX_DAEMON: 'false',
      NX_SKIP_NX_CACHE: 'true',
      L9_EVIDENCE_KEY: 'key',
      PATH: '/usr/bin',
      NX_TUI: 'false',
    });
  });
});
