import type { BackendHealth } from '../backend-health';
import type {
  EscalationOutcome,
  EscalationRecord,
  EscalationResolution,
  EscalationStatus,
  OutcomeDelivery,
} from './escalation-record';
import type {
  CreateOutcome,
  EscalationPage,
  EscalationQuery,
  EscalationStore,
  ResolveOutcome,
} from './escalation-store';
import { EscalationTable, type Planned } from './escalation-table';

/** In-process escalation store (embedded agents, tests): lives and dies with the process. Records are copied in and out. */
export class MemoryEscalationStore implements EscalationStore {
  private readonly table = new EscalationTable();

  constructor(private readonly name = 'governance-escalations') {}

  async create(record: EscalationRecord): Promise<CreateOutcome> {
    const outcome = this.table.planCreate(record);
    if (outcome.kind === 'created') this.table.put(outcome.record);
    return outcome;
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    return this.table.get(id);
  }

  async findByPacketId(packetId: string): Promise<EscalationRecord | undefined> {
    return this.table.findByPacketId(packetId);
  }

  async list(query: EscalationQuery): Promise<EscalationPage> {
    return this.table.list(query);
  }

  async resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
    outcome?: EscalationOutcome,
  ): Promise<ResolveOutcome> {
    const planned = this.table.planResolve(id, status, resolution, outcome);
    if (planned.kind === 'resolved') this.table.put(planned.record);
    return planned;
  }

  async claim(id: string, at: string): Promise<EscalationRecord | undefined> {
    return this.commit(this.table.planClaim(id, at));
  }

  async finish(id: string, outcome: EscalationOutcome): Promise<EscalationRecord | undefined> {
    return this.commit(this.table.planFinish(id, outcome));
  }

  async markDelivered(
    id: string,
    deliveries: OutcomeDelivery[],
    at: string,
  ): Promise<EscalationRecord | undefined> {
    return this.commit(this.table.planDelivered(id, deliveries, at));
  }

  async unsettled(): Promise<EscalationRecord[]> {
    return this.table.unsettled();
  }

  private commit(planned: Planned): EscalationRecord | undefined {
    if (planned.kind !== 'apply') return undefined;
    this.table.put(planned.record);
    return planned.record;
  }

  async health(): Promise<BackendHealth> {
    return { name: this.name, kind: 'memory', status: 'up' };
  }

  async close(): Promise<void> {}
}
