import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit-log';
import { fillLog, steppingClock, TEST_KEY } from './audit-test-support';
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

  async function verifyOnDisk(): Promise<ReturnType<AuditLog['verify']>> {
    const store = new FileAuditStore({ path });
    const log = await AuditLog.open({ store, key: TEST_KEY, checkpointEvery: 5 });
    try {
      // A fresh reader knows no head of its own: only what is on disk and the checkpoints.
      return await log.verify({ expectedHead: undefined });
    } finally {
      await log.close();
    }
  }

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
    const log = await AuditLog.open({ store, key: TEST_KEY, checkpointEvery: 5, clock: steppingClock() });
    expect(log.head.seq).toBe(3);
    await log.append({ agent: 'main-agent', action: 'route', subject: 'packet-4' });
    await log.append({ agent: 'main-agent', action: 'route', subject: 'packet-5' });
    await log.close();
    expect(await verifyOnDisk()).toMatchObject({ ok: true, headSeq: 5 });
    expect(await lines(`${path}.checkpoints`)).toHaveLength(1);
  });

  it('finds the head of a log larger than one read chunk', async () => {
    const store = new FileAuditStore({ path });
    const log = await AuditLog.open({ store, key: TEST_KEY, checkpointEvery: 0 });
    const padding = 'x'.repeat(100_000);
    for (let index = 0; index < 5; index++) await log.append({ agent: 'a', action: 'bulk', data: { padding, index } });
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
  });

  it('detects the tail cut past a checkpoint', async () => {
    await writeLog(12);
    const entryLines = await lines(path);
    await writeFile(path, `${entryLines.slice(0, 7).join('\n')}\n`);
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 8, kind: 'truncated' })]);
  });

  it('detects a forged checkpoint appended to the checkpoint file', async () => {
    await writeLog(12);
    const last = JSON.parse((await lines(path))[11]!);
    const forged = { seq: 12, head_hash: last.hash, count: 12, at: last.at, signature: 'f'.repeat(64) };
    await appendFile(`${path}.checkpoints`, `${JSON.stringify(forged)}\n`);
    expect((await verifyOnDisk()).problems).toEqual([expect.objectContaining({ seq: 12, kind: 'bad_checkpoint' })]);
  });

  it('names the file and line of a line that is not JSON', async () => {
    await writeLog(2);
    await appendFile(path, '{"seq":3,"at":\n');
    const store = new FileAuditStore({ path });
    await expect(store.entries()).rejects.toThrow(`audit file ${path}, line 3: not valid JSON`);
    await expect(store.head()).rejects.toThrow('last line: not valid JSON');
    await store.close();
  });

  it('reports health up with the file path', async () => {
    const store = new FileAuditStore({ path, name: 'decision-audit' });
    expect(await store.health()).toEqual({ name: 'decision-audit', kind: 'file', status: 'up', detail: path });
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
