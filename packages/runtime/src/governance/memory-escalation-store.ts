import type { BackendHealth } from '../backend-health';
import type { EscalationRecord, EscalationResolution, EscalationStatus } from './escalation-record';
import type { EscalationStore, ResolveOutcome } from './escalation-store';

/** In-process escalation store (embedded agents, tests). Records are copied in and out. */
export class MemoryEscalationStore implements EscalationStore {
  private readonly records = new Map<string, EscalationRecord>();

  constructor(private readonly name = 'governance-escalations') {}

  async create(record: EscalationRecord): Promise<void> {
    if (this.records.has(record.id)) throw new Error(`escalation ${record.id} already exists`);
    this.records.set(record.id, structuredClone(record));
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }

  async list(filter: { status?: EscalationStatus } = {}): Promise<EscalationRecord[]> {
    return [...this.records.values()]
      .filter((record) => !filter.status || record.status === filter.status)
      .map((record) => structuredClone(record));
  }

  async resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
  ): Promise<ResolveOutcome> {
    const record = this.records.get(id);
    if (!record) return { kind: 'not_found' };
    if (record.status !== 'paused') return { kind: 'already_resolved', record: structuredClone(record) };
    record.status = status;
    record.resolution = structuredClone(resolution);
    return { kind: 'resolved', record: structuredClone(record) };
  }

  async health(): Promise<BackendHealth> {
    return { name: this.name, kind: 'memory', status: 'up' };
  }

  async close(): Promise<void> {}
}
