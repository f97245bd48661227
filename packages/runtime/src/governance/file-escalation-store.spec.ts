import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEscalationStoreContract, heldRecord } from './escalation-store-test-support';
import { escalationFileBeside, FileEscalationStore } from './file-escalation-store';

const directories: string[] = [];
function freshPath(): string {
  const directory = mkdtempSync(join(tmpdir(), 'l9-escalations-'));
  directories.push(directory);
  return join(directory, 'agent.escalations.jsonl');
}

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describeEscalationStoreContract(
  'FileEscalationStore',
  async () => {
    const path = freshPath();
    return {
      store: new FileEscalationStore({ path }),
      reopen: async () => new FileEscalationStore({ path }),
    };
  },
  (subject) => subject.store.close(),
  { persistent: true },
);

describe('FileEscalationStore on disk', () => {
  it('lives beside the audit file', () => {
    expect(escalationFileBeside('/var/l9/tensoraios-audit.jsonl')).toBe(
      '/var/l9/tensoraios-audit.escalations.jsonl',
    );
  });

  it('cuts a torn last line (a write a crash interrupted, never acknowledged) and goes on', async () => {
    const path = freshPath();
    const store = new FileEscalationStore({ path });
    const record = heldRecord();
    await store.create(record);
    await store.close();
    appendFileSync(path, '{"id":"esc-torn","decis');
    const reopened = new FileEscalationStore({ path });
    expect(await reopened.get(record.id)).toEqual(record);
    expect(await reopened.get('esc-torn')).toBeUndefined();
    const next = heldRecord();
    await reopened.create(next);
    await reopened.close();
    expect(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual([record.id, next.id]);
  });

  it('refuses to start on a damaged line that is not the last, naming file and line', async () => {
    const path = freshPath();
    writeFileSync(path, `${JSON.stringify(heldRecord())}\nnot json\n${JSON.stringify(heldRecord())}\n`);
    const store = new FileEscalationStore({ path });
    await expect(store.get('x')).rejects.toThrow(`escalation file ${path}, line 2: not JSON`);
    expect(await store.health()).toMatchObject({ status: 'down', kind: 'file' });
  });

  it('rewrites a file of mostly superseded lines to one line per record at start, keeping the latest state', async () => {
    const path = freshPath();
    const store = new FileEscalationStore({ path });
    const records = Array.from({ length: 10 }, () => heldRecord());
    for (const record of records) {
      await store.create(record);
      await store.resolve(record.id, 'approved', { by: 'Igor', at: 't', reason: 'ok' });
      await store.claim(record.id, 't1');
      await store.finish(record.id, { state: 'completed', at: 't2', result: record.id });
      await store.markDelivered(record.id, [], 't3');
    }
    const lines = () => readFileSync(path, 'utf8').trim().split('\n').length;
    expect(lines()).toBe(50);
    await store.close();
    const reopened = new FileEscalationStore({ path });
    const states = await Promise.all(records.map((record) => reopened.get(record.id)));
    expect(states.map((record) => [record?.outcome?.result, record?.delivered_at])).toEqual(
      records.map((record) => [record.id, 't3']),
    );
    expect(lines()).toBe(10);
    expect((await reopened.list({ limit: 20 })).records.map((record) => record.id)).toEqual(
      records.map((record) => record.id),
    );
    await reopened.close();
  });
});
