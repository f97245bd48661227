import type { CliCommand, CliIo } from './cli-command';
import { CliUsageError } from './cli-command';
import { runCli } from './run-cli';

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: '/' };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  run: async (args, io) => (io.stdout(args.join(' ')), 0),
};
const strict: CliCommand = {
  name: 'strict',
  summary: 'refuses everything',
  run: async () => {
    throw new CliUsageError('--flag is required');
  },
};
const broken: CliCommand = {
  name: 'broken',
  summary: 'fails',
  run: async () => {
    throw new Error('disk full');
  },
};

describe('runCli', () => {
  it('runs the named command with the rest of the arguments', async () => {
    const io = capture();
    await expect(runCli(['echo', 'a', 'b'], [echo], io)).resolves.toBe(0);
    expect(io.out).toEqual(['a b']);
  });

  it('answers an unknown command with the usage and exit code 2', async () => {
    const io = capture();
    await expect(runCli(['nope'], [echo, strict], io)).resolves.toBe(2);
    expect(io.err.join('')).toMatch(/unknown command "nope"[\s\S]*echo\s+prints its arguments[\s\S]*strict/);
  });

  it('prints a usage mistake as one line with exit code 2 and other failures with exit code 1', async () => {
    const io = capture();
    await expect(runCli(['strict'], [strict], io)).resolves.toBe(2);
    await expect(runCli(['broken'], [broken], io)).resolves.toBe(1);
    expect(io.err).toEqual(['l9-runtime strict: --flag is required\n', 'l9-runtime broken: disk full\n']);
  });

  it('prints the usage on --help (exit 0) and without a command (exit 2)', async () => {
    const io = capture();
    await expect(runCli(['--help'], [echo], io)).resolves.toBe(0);
    await expect(runCli([], [echo], io)).resolves.toBe(2);
    expect(io.out.join('')).toContain('usage: l9-runtime');
    expect(io.err.join('')).toContain('usage: l9-runtime');
  });
});
