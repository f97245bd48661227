import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log';
import { auditSigningKeyFromPem, generateAuditSigningKeyPem } from '../audit/audit-signing-key';
import { FileAuditStore } from '../audit/file-audit-store';
import { steppingClock } from '../audit/audit-test-support';
import type { CliIo } from './cli-command';
import { CLI_COMMANDS } from './cli-commands';
import { runCli } from './run-cli';

const HMAC_KEY = 'c'.repeat(64);
const pems = generateAuditSigningKeyPem();

describe('l9-runtime audit', () => {
  let dir: string;
  let path: string;
  let io: CliIo & { out: string[]; err: string[]; text(): string };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'l9-audit-cli-'));
    path = join(dir, 'audit.jsonl');
    await writeFile(join(dir, 'audit.pub'), pems.publicKeyPem);
    const out: string[] = [];
    const err: string[] = [];
    io = {
      out,
      err,
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { L9_AUDIT_KEY: HMAC_KEY },
      cwd: dir,
      text: () => [...out, ...err].join(''),
    };
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeLog(count: number): Promise<void> {
    const log = await AuditLog.open({
      store: new FileAuditStore({ path }),
      key: HMAC_KEY,
      signingKey: auditSigningKeyFromPem(pems.privateKeyPem, 'test key'),
      logId: 'tensoraios',
      checkpointEvery: 5,
      clock: steppingClock(),
    });
    for (let index = 1; index <= count; index++)
      await log.append({ agent: 'tensoraios', action: 'score', subject: `packet-${index}`, data: { index } });
    await log.close();
  }

  const lines = async () => (await readFile(path, 'utf8')).trimEnd().split('\n');
  const audit = (...args: string[]) => runCli(['audit', ...args], CLI_COMMANDS, io);

  it('verifies an untouched log against the pinned public key: OK, exit 0', async () => {
    await writeLog(7);
    await expect(
      audit('verify', '--file', 'audit.jsonl', '--public-key', 'audit.pub', '--log', 'tensoraios'),
    ).resolves.toBe(0);
    expect(io.text()).toMatch(
      /audit\.jsonl: 7 entries, last seq 7, signed head at 7 \(key [\w-]{43}\)\nOK\n$/,
    );
  });

  it('takes the public key from the signing key in the environment when none is given', async () => {
    await writeLog(2);
    io.env['L9_AUDIT_SIGNING_KEY'] = pems.privateKeyPem;
    await expect(audit('verify', '--file', path)).resolves.toBe(0);
  });

  it('reports a tail cut after the last checkpoint with its seq and kind, exit 1', async () => {
    await writeLog(7);
    await writeFile(path, `${(await lines()).slice(0, 6).join('\n')}\n`);
    await expect(audit('verify', '--file', path, '--public-key', 'audit.pub')).resolves.toBe(1);
    expect(io.text()).toContain(
      '  seq 7  truncated  log ends at 6 but its signed head attests entry 7\nFAILED: 1 problem\n',
    );
  });

  it('reports a deleted checkpoint and a head signed by another key', async () => {
    await writeLog(7);
    await writeFile(`${path}.checkpoints`, '');
    const other = generateAuditSigningKeyPem();
    await writeFile(join(dir, 'other.pub'), other.publicKeyPem);
    await expect(audit('verify', '--file', path, '--public-key', 'audit.pub')).resolves.toBe(1);
    expect(io.text()).toContain('  seq 5  missing_checkpoint  checkpoint expected at 5 is missing');
    await expect(audit('verify', '--file', path, '--public-key', 'other.pub')).resolves.toBe(1);
    expect(io.text()).toContain(
      '  seq 7  bad_head  the signed head at 7 is not signed by the audit signing key',
    );
  });

  it('reports a torn last line instead of throwing, repairs it, and then verifies OK', async () => {
    await writeLog(3);
    const before = await readFile(path, 'utf8');
    await appendFile(path, '{"seq":4,"at":"2025-06-01T00:00');
    await expect(audit('verify', '--file', path, '--public-key', 'audit.pub')).resolves.toBe(1);
    expect(io.text()).toContain('  seq 4  torn  last line 4 is torn (not valid JSON): a write cut short');
    await expect(audit('repair', '--file', 'audit.jsonl')).resolves.toBe(0);
    expect(io.out.at(-1)).toBe(`removed the torn line 4 (31 bytes after entry 3) from ${path}\n`);
    expect(await readFile(path, 'utf8')).toBe(before);
    await expect(audit('verify', '--file', path, '--public-key', 'audit.pub')).resolves.toBe(0);
  });

  it('refuses to repair a broken line that a signed head covers, a damaged middle line, or a whole last line', async () => {
    await writeLog(3);
    await expect(audit('repair', '--file', path)).resolves.toBe(1);
    expect(io.err.at(-1)).toBe(
      `not repaired: the last line of ${path} is a whole entry: there is nothing to repair\n`,
    );
    const original = await lines();
    await writeFile(path, `${original.slice(0, 2).join('\n')}\n${original[2]!.slice(0, 20)}`);
    await expect(audit('repair', '--file', path)).resolves.toBe(1);
    expect(io.err.at(-1)).toMatch(
      /^not repaired: the signed head covers entry 3, so line 3 was whole when it was signed/,
    );
    await writeFile(path, `${original[0]}\n{broken\n${original.slice(1).join('\n')}\n`);
    await expect(audit('repair', '--file', path)).resolves.toBe(1);
    expect(io.err.at(-1)).toMatch(/^not repaired: line 2 \(after entry 1\) is damaged/);
    await expect(audit('verify', '--file', path, '--public-key', 'audit.pub')).resolves.toBe(1);
    expect(io.text()).toContain('  seq 2  unreadable  line 2 is not valid JSON: damaged or edited');
  });

  it('prints a new key pair, or writes it to files it never overwrites', async () => {
    await expect(audit('keygen')).resolves.toBe(0);
    const printed = io.out.join('');
    expect(printed).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/,
    );
    expect(auditSigningKeyFromPem(printed, 'printed').publicKeyId).toHaveLength(43);
    await expect(audit('keygen', '--out', 'signing.pem')).resolves.toBe(0);
    const written = auditSigningKeyFromPem(await readFile(join(dir, 'signing.pem'), 'utf8'), 'written');
    expect(await readFile(join(dir, 'signing.pem.pub'), 'utf8')).toBe(
      written.publicKey.export({ type: 'spki', format: 'pem' }),
    );
    await expect(audit('keygen', '--out', 'signing.pem')).resolves.toBe(1);
    expect(io.err.at(-1)).toContain('EEXIST');
  });

  it('answers usage mistakes with exit 2 and one line: no key, no public key, no file, unknown subcommand or option', async () => {
    await writeLog(1);
    await expect(runCli(['audit', 'verify', '--file', path], CLI_COMMANDS, { ...io, env: {} })).resolves.toBe(
      2,
    );
    expect(io.err.at(-1)).toBe(
      'l9-runtime audit: set L9_AUDIT_KEY to the HMAC key the log was written with\n',
    );
    await expect(audit('verify', '--file', path)).resolves.toBe(2);
    expect(io.err.at(-1)).toMatch(/^l9-runtime audit: pass --public-key <pem file>/);
    await expect(audit('verify', '--public-key', 'audit.pub')).resolves.toBe(2);
    await expect(audit('rewrite')).resolves.toBe(2);
    expect(io.err.at(-1)).toBe('l9-runtime audit: unknown subcommand "rewrite": verify, repair or keygen\n');
    await expect(audit('verify', '--file', path, '--force')).resolves.toBe(2);
    expect(io.err.at(-1)).toMatch(/^l9-runtime audit: Unknown option '--force'/);
  });
});
