import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runL9Cli } from './l9-cli';

async function run(argv: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runL9Cli(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('the l9 command', () => {
  it('lists its commands for --help, and refuses no or an unknown command with exit 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(
      help.stdout
        .split('\n')
        .filter((line) => /^ {2}\S/.test(line))
        .map((line) => line.trim().split(/\s+/)[0]),
    ).toEqual(['deploy', 'secrets', 'verify-evidence']);
    expect((await run([])).stderr.split('\n')[0]).toBe('l9: which command?');
    const unknown = await run(['deplyo', 'x']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, "l9: unknown command 'deplyo'"]);
  });

  it('hands each command the arguments after its name, with its own usage and exit codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'l9-cli-'));
    try {
      expect(await run(['deploy', dir, '--status'])).toEqual({
        code: 0,
        stdout: `not deployed: no deployment recorded under ${dir}/.l9/deploy\n`,
        stderr: '',
      });
      expect((await run(['secrets', dir])).stderr.split('\n')[0]).toBe(
        'give one of --compose and --kubernetes',
      );
      const verify = await run(['verify-evidence', 'missing.json'], dir);
      expect([verify.code, verify.stderr]).toEqual([
        2,
        `verify-evidence: cannot read the signed statement ${join(dir, 'missing.json')}: ENOENT\n`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as the package bin from the workspace sources', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'l9.js');
    const result = spawnSync(process.execPath, [bin, 'verify-evidence'], { encoding: 'utf8' });
    expect([result.status, result.stderr.split('\n')[0]]).toEqual([
      2,
      'verify-evidence: the path of the signed statement is required',
    ]);
  });
});
