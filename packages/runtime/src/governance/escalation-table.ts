import type {
  EscalationOutcome,
  EscalationRecord,
  EscalationResolution,
  EscalationStatus,
  OutcomeDelivery,
} from './escalation-record';
import type { CreateOutcome, EscalationPage, EscalationQuery, ResolveOutcome } from './escalation-store';

/** A record's next state, or why the compare-and-set did not apply. */
export type Planned =
  { kind: 'apply'; record: EscalationRecord } | { kind: 'unchanged'; record?: EscalationRecord };

/**
 * Escalation records held in process, ordered by arrival, with the compare-and-set rules of `EscalationStore`.
 * Each change is planned first (`plan*` returns the next record without touching the table) and committed with
 * `put`, so a store that persists (the file store) writes before the change becomes visible.
 */
export class EscalationTable {
  private readonly records = new Map<string, { seq: number; record: EscalationRecord }>();
  private readonly byPacketId = new Map<string, string>();
  private nextSeq = 1;

  get(id: string): EscalationRecord | undefined {
    const entry = this.records.get(id);
    return entry && structuredClone(entry.record);
  }

  findByPacketId(packetId: string): EscalationRecord | undefined {
    const id = this.byPacketId.get(packetId);
    return id === undefined ? undefined : this.get(id);
  }

  /** Inserts or replaces a record; a new one goes last. */
  put(record: EscalationRecord): void {
    const existing = this.records.get(record.id);
    this.records.set(record.id, { seq: existing?.seq ?? this.nextSeq++, record: structuredClone(record) });
    if (record.decision.packet_id !== undefined) this.byPacketId.set(record.decision.packet_id, record.id);
  }

  get size(): number {
    return this.records.size;
  }

  all(): EscalationRecord[] {
    return [...this.records.values()].map((entry) => structuredClone(entry.record));
  }

  list(query: EscalationQuery): EscalationPage {
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    const matching = [...this.records.values()].filter(
      (entry) => entry.seq > after && (!query.status || entry.record.status === query.status),
    );
    const page = matching.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      records: page.map((entry) => structuredClone(entry.record)),
      ...(matching.length > page.length && last ? { next_cursor: String(last.seq) } : {}),
    };
  }

  unsettled(): EscalationRecord[] {
    return this.all().filter(needsSettling);
  }

  planCreate(record: EscalationRecord): CreateOutcome {
    if (this.records.has(record.id)) throw new Error(`escalation ${record.id} already exists`);
    const packetId = record.decision.packet_id;
    const existing = packetId === undefined ? undefined : this.findByPacketId(packetId);
    return existing
      ? { kind: 'existing', record: existing }
      : { kind: 'created', record: structuredClone(record) };
  }

  planResolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
    outcome?: EscalationOutcome,
  ): ResolveOutcome {
    const record = this.get(id);
    if (!record) return { kind: 'not_found' };
    if (record.status !== 'paused') return { kind: 'already_resolved', record };
    return {
      kind: 'resolved',
      record: {
        ...record,
        status,
        resolution: structuredClone(resolution),
        ...(outcome ? { outcome: structuredClone(outcome) } : {}),
      },
    };
  }

  planClaim(id: string, at: string): Planned {
    const record = this.get(id);
    if (!record || record.status !== 'approved' || !record.work || record.outcome)
      return { kind: 'unchanged', record };
    return { kind: 'apply', record: { ...record, outcome: { state: 'running', at } } };
  }

  planFinish(id: string, outcome: EscalationOutcome): Planned {
    const record = this.get(id);
    if (!record || record.outcome?.state !== 'running') return { kind: 'unchanged', record };
    return { kind: 'apply', record: { ...record, outcome: structuredClone(outcome) } };
  }

  planDelivered(id: string, deliveries: OutcomeDelivery[], at: string): Planned {
    const record = this.get(id);
    if (!record || !record.outcome || record.outcome.state === 'running' || record.delivered_at)
      return { kind: 'unchanged', record };
    return {
      kind: 'apply',
      record: { ...record, delivered_at: at, deliveries: structuredClone(deliveries) },
    };
  }
}

/** Whether a record's held work still needs a step after a restart. */
export function needsSettling(record: EscalationRecord): boolean {
  if (!record.work) return false;
  if (record.status === 'approved' && !record.outcome) return true;
  return (
    record.outcome !== undefined && (record.outcome.state === 'running' || record.delivered_at === undefined)
  );
}
