import { verifyCallerToken } from '../caller/caller-token';
import type { CliIo } from './cli-command';
import { CLI_COMMANDS } from './cli-commands';
import { runCli } from './run-cli';

const SECRET = 'ecosystem-packet-secret-0123456789';

function capture(
  env: NodeJS.ProcessEnv = { L9_PACKET_SECRET: SECRET },
): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: '/' };
}

describe('l9-runtime token', () => {
  it('prints a caller token the agent accepts for the given caller and lifetime', async () => {
    const io = capture();
    const before = Date.now();
    await expect(
      runCli(['token', '--caller', 'ops-console', '--agent', 'tensoraios', '--ttl', '15m'], CLI_COMMANDS, io),
    ).resolves.toBe(0);
    expect(io.err).toEqual([]);
    expect(io.out).toHaveLength(1);
    const token = io.out[0]!.trimEnd();
    const checked = await verifyCallerToken(token, { secret: SECRET, agent: 'tensoraios' });
    expect(checked).toMatchObject({ ok: true, caller: 'ops-console' });
    if (!checked.ok) return;
    const lifetime = Date.parse(checked.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  });

  it('says to set L9_PACKET_SECRET when it is missing (exit 1), and never takes the secret as an option', async () => {
    const io = capture({});
    await expect(
      runCli(['token', '--caller', 'ops', '--agent', 'tensoraios'], CLI_COMMANDS, io),
    ).resolves.toBe(1);
    expect(io.err.join('')).toContain('L9_PACKET_SECRET is not set');
    expect(io.out).toEqual([]);
    const withOption = capture();
    await expect(
      runCli(
        ['token', '--caller', 'ops', '--agent', 'tensoraios', '--secret', SECRET],
        CLI_COMMANDS,
        withOption,
      ),
    ).resolves.toBe(2);
    expect(withOption.err.join('')).not.toContain(SECRET);
  });

  it('answers usage mistakes with exit 2 and one line of reason', async () => {
    for (const args of [
      ['--agent', 'tensoraios'],
      ['--caller', 'two words', '--agent', 'tensoraios'],
      ['--caller', 'ops', '--agent', 'a', '--ttl', '1y'],
      ['--caller', 'ops', '--agent', 'a', '--ttl', '400d'],
    ]) {
      const io = capture();
      await expect(runCli(['token', ...args], CLI_COMMANDS, io)).resolves.toBe(2);
      expect(io.err.join('')).toMatch(/^l9-runtime token: .+\nusage: l9-runtime token/);
      expect(io.out).toEqual([]);
    }
  });
});
