import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDeployArgs, runDeployCli } from './deploy-cli';

const USAGE_LINE =
  'usage: deploy <ecosystem project> [--port-base N] [--health-timeout SECONDS] [--host per-process|one-process] [--stop | --status]';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDeployCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('the deploy command line', () => {
  it('reads --name value and --name=value alike', () => {
    const spaced = parseDeployArgs([
      'eco',
      '--port-base',
      '7100',
      '--health-timeout',
      '2.5',
      '--host',
      'one-process',
    ]);
    const joined = parseDeployArgs(['--port-base=7100', '--health-timeout=2.5', '--host=one-process', 'eco']);
    expect(spaced).toEqual({
      ecosystemRoot: resolve('eco'),
      mode: 'run',
      portBase: '7100',
      healthTimeoutMs: 2500,
      host: 'one-process',
    });
    expect(joined).toEqual(spaced);
    expect(parseDeployArgs(['eco', '--stop']).mode).toBe('stop');
    expect(parseDeployArgs(['eco', '--status']).mode).toBe('status');
  });

  it('answers a mistake with one line saying what is wrong, then the usage, exit 1', async () => {
    const mistakes: Array<[string[], string]> = [
      [[], 'which ecosystem project?'],
      [['eco', '--port-base'], '--port-base needs a value'],
      [['eco', '--health-timeout=0'], '--health-timeout takes a number of seconds above 0'],
      [['eco', '--health-timeout', 'soon'], '--health-timeout takes a number of seconds above 0'],
      [['eco', '--stop', '--status'], '--stop and --status are two different commands: give one'],
      [['eco', 'other'], "unknown argument 'other'"],
      [['eco', '--ports=1'], 'unknown option --ports'],
      [['eco', '--stop=now'], '--stop takes no value'],
    ];
    for (const [argv, problem] of mistakes) {
      const result = await run(argv);
      expect([result.code, ...result.stderr.split('\n').slice(0, 2)]).toEqual([1, problem, USAGE_LINE]);
    }
    const help = await run(['--help']);
    expect([help.code, help.stderr.split('\n')[0]]).toEqual([1, USAGE_LINE]);
  });

  it('says when nothing is deployed, for --status and --stop alike, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'l9-deploy-cli-'));
    try {
      expect(await run([dir, '--status'])).toEqual({
        code: 0,
        stdout: `not deployed: no deployment recorded under ${dir}/.l9/deploy\n`,
        stderr: '',
      });
      expect(await run([dir, '--stop', '--port-base=7100'])).toEqual({
        code: 0,
        stdout: `no deployment recorded under ${dir}/.l9/deploy\n`,
        stderr: '',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
