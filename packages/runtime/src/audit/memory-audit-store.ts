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
    if (this.storedEntries.some((existing) => existing.seq === entry.seq)) {
      throw new AuditSequenceConflictError(entry.seq);
    }
    this.storedEntries.push(structuredClone(entry));
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
