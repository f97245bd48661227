import { MemoryValidationError } from '../errors';
import type { WorkingMemory } from '../working/working-memory';

export interface WorkingMemoryContractSubject {
  /** A fresh, empty working memory under `prefix`; `defaultTtlSeconds` as the layer default. */
  create(prefix: string, defaultTtlSeconds?: number): Promise<WorkingMemory>;
  /** Lets `ms` of time pass for expiry (advances a fake clock, or waits for a real backend). */
  elapse(ms: number): Promise<void>;
}

/** The behaviour every WorkingMemory implementation must show. */
export function describeWorkingMemoryContract(name: string, subject: WorkingMemoryContractSubject): void {
  describe(`WorkingMemory contract: ${name}`, () => {
    const opened: WorkingMemory[] = [];
    const runId = Math.random().toString(36).slice(2, 8);
    let counter = 0;
    const open = async (defaultTtlSeconds?: number, prefix?: string) => {
      const memory = await subject.create(prefix ?? `l9test:${runId}:${(counter += 1)}:`, defaultTtlSeconds);
      opened.push(memory);
      return memory;
    };

    afterEach(async () => {
      for (const memory of opened.splice(0)) {
        for (const key of await memory.keys()) await memory.delete(key);
        await memory.close();
      }
    });

    it('round-trips JSON values and returns null for missing keys', async () => {
      const memory = await open();
      await memory.set('state', { step: 3, scores: [0.5, 0.25], note: 'ü' });
      expect(await memory.get('state')).toEqual({ step: 3, scores: [0.5, 0.25], note: 'ü' });
      expect(await memory.get('absent')).toBeNull();
      await memory.set('state', 'replaced');
      expect(await memory.get('state')).toBe('replaced');
    });

    it('deletes keys and says whether they existed', async () => {
      const memory = await open();
      await memory.set('a', 1);
      expect(await memory.delete('a')).toBe(true);
      expect(await memory.delete('a')).toBe(false);
      expect(await memory.get('a')).toBeNull();
    });

    it('lists keys by glob pattern, sorted and without prefix', async () => {
      const memory = await open();
      for (const key of ['packet:2', 'packet:1', 'score:1', 'packet:10']) await memory.set(key, key);
      expect(await memory.keys()).toEqual(['packet:1', 'packet:10', 'packet:2', 'score:1']);
      expect(await memory.keys('packet:?')).toEqual(['packet:1', 'packet:2']);
      expect(await memory.keys('*:1')).toEqual(['packet:1', 'score:1']);
    });

    it('isolates keyspaces by prefix', async () => {
      const left = await open();
      const right = await open();
      await left.set('shared-name', 'left');
      expect(await right.get('shared-name')).toBeNull();
      expect(await right.keys()).toEqual([]);
    });

    it('expires values after an explicit TTL', async () => {
      const memory = await open();
      await memory.set('short', 'gone soon', 1);
      await memory.set('kept', 'stays');
      expect(await memory.get('short')).toBe('gone soon');
      await subject.elapse(1_100);
      expect(await memory.get('short')).toBeNull();
      expect(await memory.keys()).toEqual(['kept']);
    });

    it('applies the default TTL and lets an explicit TTL override it', async () => {
      const memory = await open(1);
      await memory.set('default', 1);
      await memory.set('longer', 2, 60);
      await subject.elapse(1_100);
      expect(await memory.get('default')).toBeNull();
      expect(await memory.get('longer')).toBe(2);
    });

    it('rejects bad keys, values, TTLs and patterns with a validation error', async () => {
      const memory = await open();
      await expect(memory.set('', 1)).rejects.toThrow(MemoryValidationError);
      await expect(memory.set('k', undefined)).rejects.toThrow(/not JSON-serializable/);
      await expect(memory.set('k', () => 1)).rejects.toThrow(MemoryValidationError);
      await expect(memory.set('k', Number.NaN)).rejects.toThrow(/not representable/);
      await expect(memory.set('k', 1, -5)).rejects.toThrow(/positive number of seconds/);
      await expect(memory.keys('[ab]')).rejects.toThrow(MemoryValidationError);
      expect(await memory.get('k')).toBeNull();
    });

    it('reports itself up', async () => {
      const memory = await open();
      expect(await memory.health()).toMatchObject({ name: 'working-memory', status: 'up' });
    });
  });
}
