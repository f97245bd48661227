import { MemoryValidationError } from '../errors';
import type { EpisodicLog } from '../episodic/episodic-log';

export interface EpisodicLogContractSubject {
  /** A fresh, empty log with the given retention in milliseconds. */
  create(retentionMs: number | null): Promise<EpisodicLog>;
}

const DAY = 86_400_000;

/** The behaviour every EpisodicLog implementation must show. */
export function describeEpisodicLogContract(name: string, subject: EpisodicLogContractSubject): void {
  describe(`EpisodicLog contract: ${name}`, () => {
    const opened: EpisodicLog[] = [];
    const open = async (retentionMs: number | null = null) => {
      const log = await subject.create(retentionMs);
      opened.push(log);
      return log;
    };
    afterEach(async () => {
      for (const log of opened.splice(0)) await log.close();
    });

    it('assigns an id and returns the stored episode', async () => {
      const log = await open();
      const stored = await log.append({
        agent: 'tensoraios',
        kind: 'inference',
        packet_id: 'p-1',
        trace_id: 't-1',
        data: { score: 0.9, tags: ['a'] },
        occurred_at: '2025-03-01T10:00:00.000Z',
      });
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(stored.occurred_at).toEqual(new Date('2025-03-01T10:00:00.000Z'));
      expect(await log.query()).toEqual([stored]);
    });

    it('orders by occurrence, then by append order, in either direction', async () => {
      const log = await open();
      const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute));
      const third = await log.append({ agent: 'a', kind: 'k', data: { n: 3 }, occurred_at: at(3) });
      const first = await log.append({ agent: 'a', kind: 'k', data: { n: 1 }, occurred_at: at(1) });
      const secondA = await log.append({ agent: 'a', kind: 'k', data: { n: 2 }, occurred_at: at(2) });
      const secondB = await log.append({ agent: 'a', kind: 'k', data: { n: 2.5 }, occurred_at: at(2) });
      expect((await log.query()).map((e) => e.id)).toEqual([first.id, secondA.id, secondB.id, third.id]);
      expect((await log.query({ order: 'desc', limit: 2 })).map((e) => e.id)).toEqual([third.id, secondB.id]);
    });

    it('filters by agent, kind, trace, packet and time range', async () => {
      const log = await open();
      const base = Date.UTC(2025, 5, 1);
      await log.append({
        agent: 'main',
        kind: 'decision',
        trace_id: 't1',
        packet_id: 'p1',
        data: { i: 0 },
        occurred_at: new Date(base),
      });
      await log.append({
        agent: 'main',
        kind: 'feedback',
        trace_id: 't1',
        packet_id: 'p2',
        data: { i: 1 },
        occurred_at: new Date(base + 1000),
      });
      await log.append({
        agent: 'tensor',
        kind: 'decision',
        trace_id: 't2',
        packet_id: 'p3',
        data: { i: 2 },
        occurred_at: new Date(base + 2000),
      });
      const indexes = async (query: Parameters<EpisodicLog['query']>[0]) =>
        (await log.query(query)).map((e) => e.data['i']);
      expect(await indexes({ agent: 'main' })).toEqual([0, 1]);
      expect(await indexes({ kind: 'decision' })).toEqual([0, 2]);
      expect(await indexes({ trace_id: 't1', kind: 'feedback' })).toEqual([1]);
      expect(await indexes({ packet_id: 'p3' })).toEqual([2]);
      expect(await indexes({ since: new Date(base + 1000), until: new Date(base + 2000) })).toEqual([1]);
      expect(await indexes({ agent: 'nobody' })).toEqual([]);
    });

    it('stores a copy: mutating the input afterwards changes nothing', async () => {
      const log = await open();
      const data = { nested: { value: 1 } };
      await log.append({ agent: 'a', kind: 'k', data });
      data.nested.value = 2;
      expect((await log.query())[0]!.data).toEqual({ nested: { value: 1 } });
    });

    it('prunes episodes older than the retention period', async () => {
      const log = await open(90 * DAY);
      const now = new Date(Date.UTC(2025, 11, 31));
      await log.append({
        agent: 'a',
        kind: 'old',
        data: {},
        occurred_at: new Date(now.getTime() - 91 * DAY),
      });
      await log.append({
        agent: 'a',
        kind: 'old',
        data: {},
        occurred_at: new Date(now.getTime() - 365 * DAY),
      });
      await log.append({
        agent: 'a',
        kind: 'recent',
        data: {},
        occurred_at: new Date(now.getTime() - 89 * DAY),
      });
      expect(await log.prune(now)).toBe(2);
      expect((await log.query()).map((e) => e.kind)).toEqual(['recent']);
      expect(await log.prune(now)).toBe(0);
    });

    it('keeps everything when retention is indefinite', async () => {
      const log = await open(null);
      await log.append({ agent: 'a', kind: 'ancient', data: {}, occurred_at: '1990-01-01T00:00:00Z' });
      expect(await log.prune(new Date())).toBe(0);
      expect(await log.query()).toHaveLength(1);
    });

    it('rejects malformed episodes and queries with a validation error', async () => {
      const log = await open();
      const bad = [
        { agent: '', kind: 'k', data: {} },
        { agent: 'a', kind: 'k', data: [1] },
        { agent: 'a', kind: 'k', data: {}, occurred_at: 'yesterday-ish' },
      ];
      for (const episode of bad) {
        await expect(log.append(episode as never)).rejects.toThrow(MemoryValidationError);
      }
      await expect(log.query({ limit: 0 })).rejects.toThrow(/limit must be an integer/);
      await expect(log.query({ since: 'not a date' })).rejects.toThrow(/not a valid date/);
      expect(await log.query()).toEqual([]);
    });

    it('reports itself up', async () => {
      expect(await (await open()).health()).toMatchObject({ name: 'episodic-log', status: 'up' });
    });
  });
}
