import type { BackendHealth } from '../backend-health';
import { AuditSequenceConflictError, type AuditStore } from './audit-store';
import type { AuditEntry, SignedAuditHead } from './audit-types';

/** In-process store for tests and embedded agents. Its fields are exposed so tests can tamper with them. */
export class MemoryAuditStore implements AuditStore {
  readonly kind = 'memory' as const;
  readonly location = 'memory';
  readonly storedEntries: AuditEntry[] = [];
  readonly storedCheckpoints: SignedAuditHead[] = [];
  storedHead: SignedAuditHead | undefined;

  constructor(private readonly name = 'audit-log') {}

  async head(): Promise<AuditEntry | undefined> {
    return this.storedEntries.at(-1);
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

  async appendCheckpoint(checkpoint: SignedAuditHead): Promise<void> {
    this.storedCheckpoints.push({ ...checkpoint });
  }

  async entries(): Promise<AuditEntry[]> {
    return structuredClone(this.storedEntries);
  }

  async checkpoints(): Promise<SignedAuditHead[]> {
    return this.storedCheckpoints.map((checkpoint) => ({ ...checkpoint }));
  }

  async signedHead(): Promise<SignedAuditHead | undefined> {
    return this.storedHead && { ...this.storedHead };
  }

  async saveSignedHead(head: SignedAuditHead): Promise<void> {
    this.storedHead = { ...head };
  }

  async health(): Promise<BackendHealth> {
    return { name: this.name, kind: 'memory', status: 'up' };
  }

  async close(): Promise<void> {}
}
