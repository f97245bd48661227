import { CliUsageError, type CliIo } from './cli-command';
import { commandGroup } from './command-group';

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: '/' };

describe('commandGroup', () => {
  const calls: Array<[string, string[]]> = [];
  const group = commandGroup('anchor', 'an anchor', {
    keygen: async (args) => (calls.push(['keygen', args]), 0),
    approve: async (args) => (calls.push(['approve', args]), 3),
    reject: async () => 0,
  });

  it('runs the named subcommand with the arguments after its name and returns its exit code', async () => {
    await expect(group.run(['approve', 'esc-1', '--reason', 'ok'], io)).resolves.toBe(3);
    expect(calls).toEqual([['approve', ['esc-1', '--reason', 'ok']]]);
    expect(group).toMatchObject({ name: 'anchor', summary: 'an anchor' });
  });

  it('answers a missing or unknown subcommand with a usage error listing the names in their order', async () => {
    await expect(group.run([], io)).rejects.toThrow(
      new CliUsageError('a subcommand is required: keygen, approve or reject'),
    );
    await expect(group.run(['toString'], io)).rejects.toThrow(
      new CliUsageError('unknown subcommand "toString": keygen, approve or reject'),
    );
  });
});
