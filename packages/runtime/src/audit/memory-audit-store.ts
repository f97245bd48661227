import type { BackendHealth } from '../backend-health';
import { AuditSequenceConflictError, type AuditStore } from './audit-store';
import type { AuditCheckpoint, AuditEntry } from './audit-types';

/** In-process store for tests and embedded agents. Arrays are exposed so tests can tamper with them. */
export class MemoryAuditStore implements AuditStore {
  readonly kind = 'memory' as const;
  readonly storedEntries: AuditEntry[] = [];
  readonly storedCheckpoints: AuditCheckpoint[] = [];

  constructor(private readonly name = 'audit-log') {}

  async head(): Promise<AuditEntry | undefined> {
    return this.storedEntries.at(-1);
  }

  async lastCheckpoint(): Promise<AuditCheckpoint | undefined> {
    return this.storedCheckpoints.at(-1);
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.appendBatch([entry]);
  }

  async appendBatch(entries: AuditEntry[]): Promise<void> {
    // A log numbers its entries upwards, so a seq at or below the newest one is taken. Comparing with the last
    // entry keeps an append O(1); scanning every stored entry made a long-lived log quadratic.
    const newest = this.storedEntries.at(-1)?.seq ?? 0;
    if (entries.length > 0 && entries[0].seq <= newest) throw new AuditSequenceConflictError(entries[0].seq);
    for (const entry of entries) this.storedEntries.push(structuredClone(entry));
  }

  async appendCheckpoint(checkpoint: AuditCheckpoint): Promise<void> {
    this.storedCheckpoints.push({ ...checkpoint });
  }

  async entries(): Promise<AuditEntry[]> {
    return structuredClone(this.storedEntries);
  }

  async checkpoints(): Promise<AuditCheckpoint[]> {
    return this.storedCheckpoints.map((checkpoint) => ({ ...checkpoint }));
  }

  async health(): Promise<BackendHealth> {
    return { name: this.name, kind: 'memory', status: 'up' };
  }

  async close(): Promise<void> {}
}
