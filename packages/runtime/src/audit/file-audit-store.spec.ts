import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit-log';
import { fillLog, steppingClock, TEST_KEY, TEST_SIGNING_KEY, TEST_VERIFY_KEYS } from './audit-test-support';
import { inspectAuditFile } from './inspect-audit-file';
import { verifyAuditLog, type AuditVerification } from './verify-audit-log';
import { FileAuditStore } from './file-audit-store';

describe('FileAuditStore', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'l9-audit-'));
    path = join(dir, 'nested', 'audit.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeLog(count: number, fsync = false): Promise<void> {
    const store = new FileAuditStore({ path, fsync });
    const log = await fillLog(store, count, 5);
    await log.close();
  }

  async function lines(file: string): Promise<string[]> {
    return (await readFile(file, 'utf8')).trimEnd().split('\n');
  }

  /** What a verifier sees on disk, read leniently (never throws on damage). */
  async function verifyOnDisk(): Promise<AuditVerification> {
    const inspected = await inspectAuditFile({ path });
    const verification = verifyAuditLog(inspected.log, TEST_VERIFY_KEYS);
    return {
      ...verification,
      problems: [...inspected.problems, ...verification.problems],
      ok: verification.ok && inspected.problems.length === 0,
    };
  }

  /** Opening the log as an agent does: refused when the files no longer verify. */
  const openOnDisk = () =>
    AuditLog.open({
      store: new FileAuditStore({ path }),
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      checkpointEvery: 5,
    });

  it('writes one JSON line per entry and checkpoints to a sibling file, with fsync', async () => {
    await writeLog(11, true);
    const entryLines = await lines(path);
    expect(entryLines).toHaveLength(11);
    expect(JSON.parse(entryLines[0]!)).toMatchObject({ seq: 1, agent: 'tensoraios', subject: 'packet-1' });
    expect((await lines(`${path}.checkpoints`)).map((line) => JSON.parse(line).seq)).toEqual([5, 10]);
    expect(await verifyOnDisk()).toMatchObject({ ok: true, headSeq: 11 });
  });

  it('continues the chain after reopening the file', async () => {
    await writeLog(3);
    const store = new FileAuditStore({ path });
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      checkpointEvery: 5,
      clock: steppingClock(),
    });
    expect(log.head.seq).toBe(3);
    await log.append({ agent: 'main-agent', action: 'route', subject: 'packet-4' });
    await log.append({ agent: 'main-agent', action: 'route', subject: 'packet-5' });
    await log.close();
    expect(await verifyOnDisk()).toMatchObject({ ok: true, headSeq: 5 });
    expect(await lines(`${path}.checkpoints`)).toHaveLength(1);
  });

  it('finds the head of a log larger than one read chunk', async () => {
    const store = new FileAuditStore({ path });
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      checkpointEvery: 0,
    });
    const padding = 'x'.repeat(100_000);
    for (let index = 0; index < 5; index++)
      await log.append({ agent: 'a', action: 'bulk', data: { padding, index } });
    await log.close();
    const reopened = new FileAuditStore({ path });
    expect((await reopened.head())?.seq).toBe(5);
    await reopened.close();
  });

  it('detects an entry edited on disk', async () => {
    await writeLog(8);
    const entryLines = await lines(path);
    const edited = JSON.parse(entryLines[2]!);
    edited.data.confidence = 0.01;
    entryLines[2] = JSON.stringify(edited);
    await writeFile(path, `${entryLines.join('\n')}\n`);
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 3, kind: 'edited' })]);
  });

  it('detects two lines swapped on disk', async () => {
    await writeLog(8);
    const entryLines = await lines(path);
    [entryLines[4], entryLines[5]] = [entryLines[5]!, entryLines[4]!];
    await writeFile(path, `${entryLines.join('\n')}\n`);
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 5, kind: 'reordered' })]);
  });

  it('detects a middle line deleted on disk', async () => {
    await writeLog(8);
    const entryLines = await lines(path);
    entryLines.splice(3, 1);
    await writeFile(path, `${entryLines.join('\n')}\n`);
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 4, kind: 'deleted' })]);
    await expect(openOnDisk()).rejects.toThrow('deleted at 4');
  });

  it('detects the tail cut past a checkpoint, and after the last one, and refuses to extend either', async () => {
    await writeLog(12);
    const entryLines = await lines(path);
    await writeFile(path, `${entryLines.slice(0, 11).join('\n')}\n`);
    expect((await verifyOnDisk()).problems).toEqual([
      expect.objectContaining({ seq: 12, kind: 'truncated' }),
    ]);
    await expect(openOnDisk()).rejects.toThrow(
      'truncated at 12: log ends at 11 but its signed head attests entry 12',
    );
    await writeFile(path, `${entryLines.slice(0, 7).join('\n')}\n`);
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 8, kind: 'truncated' })]);
    await expect(openOnDisk()).rejects.toThrow('truncated at 8');
    expect(await lines(path)).toHaveLength(7);
  });

  it('keeps the latest signed head in its own file, replaced whole on every write', async () => {
    await writeLog(7);
    const head = JSON.parse(await readFile(`${path}.head`, 'utf8'));
    expect(head).toMatchObject({
      log: 'audit-log',
      seq: 7,
      head_hash: JSON.parse((await lines(path))[6]!).hash,
      checkpoint_every: 5,
    });
    expect((await readdir(join(dir, 'nested'))).sort()).toEqual([
      'audit.jsonl',
      'audit.jsonl.checkpoints',
      'audit.jsonl.head',
    ]);
  });

  it('detects a deleted checkpoint and a deleted head file, and refuses to extend the log', async () => {
    await writeLog(12);
    const checkpointLines = await lines(`${path}.checkpoints`);
    await writeFile(`${path}.checkpoints`, `${checkpointLines[1]}\n`);
    expect((await verifyOnDisk()).problems).toEqual([
      expect.objectContaining({ seq: 5, kind: 'missing_checkpoint' }),
    ]);
    await expect(openOnDisk()).rejects.toThrow('missing_checkpoint at 5');
    await writeFile(`${path}.checkpoints`, `${checkpointLines.join('\n')}\n`);
    await rm(`${path}.head`);
    expect((await verifyOnDisk()).problems).toEqual([
      expect.objectContaining({ seq: 12, kind: 'missing_head' }),
    ]);
    await expect(openOnDisk()).rejects.toThrow('missing_head at 12');
  });

  it('reports a torn last line instead of throwing, and the agent refuses to open the log until it is repaired', async () => {
    await writeLog(3);
    await appendFile(path, '{"seq":4,"at":"2025-');
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 4, kind: 'torn' })]);
    await expect(openOnDisk()).rejects.toThrow(
      `ends in a torn line 4 (not valid JSON): a write cut short by a crash. Stop the agent and run \`l9-runtime audit repair --file ${path}\``,
    );
  });

  it('detects a forged checkpoint appended to the checkpoint file', async () => {
    await writeLog(12);
    const last = JSON.parse((await lines(path))[11]!);
    const forged = {
      log: 'audit-log',
      seq: 12,
      head_hash: last.hash,
      at: last.at,
      checkpoint_every: 5,
      public_key: TEST_SIGNING_KEY.publicKeyId,
      signature: 'f'.repeat(86),
    };
    await appendFile(`${path}.checkpoints`, `${JSON.stringify(forged)}\n`);
    expect((await verifyOnDisk()).problems).toEqual([
      expect.objectContaining({ seq: 12, kind: 'bad_checkpoint' }),
    ]);
  });

  it('names the file and line of a damaged line, and calls a broken last line torn', async () => {
    await writeLog(2);
    await appendFile(path, '{"seq":3,"at":\n');
    const store = new FileAuditStore({ path });
    await expect(store.entries()).rejects.toThrow(
      `audit file ${path} ends in a torn line 3 (not valid JSON)`,
    );
    await expect(store.head()).rejects.toThrow('ends in a torn line 3 (not valid JSON)');
    await appendFile(path, `${(await lines(path))[0]}\n`);
    await expect(store.entries()).rejects.toThrow(
      `audit file ${path}, line 3: not valid JSON (damaged or edited)`,
    );
    await store.close();
  });

  it('reports health up with the file path', async () => {
    const store = new FileAuditStore({ path, name: 'decision-audit' });
    expect(await store.health()).toEqual({
      name: 'decision-audit',
      kind: 'file',
      status: 'up',
      detail: path,
    });
    await store.close();
  });

  it('reports health down when the directory cannot be created', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'not a directory');
    const store = new FileAuditStore({ path: join(blocker, 'audit.jsonl') });
    expect(await store.health()).toMatchObject({ kind: 'file', status: 'down' });
    await store.close();
  });
});
