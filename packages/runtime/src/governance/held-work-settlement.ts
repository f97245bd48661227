import type { Logger } from 'pino';
import type { JsonValue } from '../envelope/envelope-schema';
import type { HeldWork } from '../server/server-hooks';
import {
  isFinalOutcome,
  type EscalationOutcome,
  type EscalationRecord,
  type OutcomeDelivery,
} from './escalation-record';
import type { EscalationStore } from './escalation-store';
import { escalationWorkDigest } from './held-work-digest';

/** Runs approved held work with the agent's own handlers; resolves to its result, throws when the work fails. */
export interface HeldWorkRunner {
  run(work: HeldWork, escalation: EscalationRecord): Promise<JsonValue>;
  /** Why `value` cannot stand as the work's result (it breaks the work's answer contract), or nothing when it can. */
  overrideProblem?(work: HeldWork, value: JsonValue): string | undefined;
}

/** Tells whoever waits on held work how it ended (event stream, the packet's source agent, a callback). Never throws. */
export interface OutcomeDeliverer {
  deliver(escalation: EscalationRecord): Promise<OutcomeDelivery[]>;
}

/** Something the settlement wants on the audit log (the held work's outcome). */
export type SettlementAudit = (escalation: EscalationRecord, outcome: EscalationOutcome) => Promise<unknown>;

/** Why a stored approval is not one an anchor signed for this escalation, or nothing when it is. */
export type ApprovalCheck = (escalation: EscalationRecord) => Promise<string | undefined>;

/**
 * A tamper-evident record, apart from the escalation store, of which held work has started (the audit log). It is
 * what stops an escalation store that lost an outcome (edited, or restored from an older copy) from running the
 * same approved work a second time.
 */
export interface RunLedger {
  /** Records that the work is about to run; throws when it cannot, and the work then does not run. */
  started(escalation: EscalationRecord): Promise<void>;
  /** Which of `ids` the ledger shows as started. */
  startedAmong(ids: readonly string[]): Promise<Set<string>>;
}

export interface ResumeReport {
  ran: string[];
  interrupted: string[];
  delivered: string[];
}

/**
 * Carries a resolved escalation's held work to its end, one compare-and-set step at a time so that neither two
 * approvals nor a restart can run it twice:
 *   approved → claim (`running`) → run once → finish (`completed` | `failed`) → deliver → delivered.
 * Reject and override are resolved with their final outcome already, so they only deliver. A restart resumes
 * from the stored step: approved-but-unclaimed work runs, work found `running` is marked `interrupted` (it may
 * have had effects, so it is not run again silently) and anything final but undelivered is delivered. Delivery
 * is therefore at least once; receivers tell repeats apart by the escalation id.
 */
export class HeldWorkSettlement {
  private runner?: HeldWorkRunner;
  private deliverer?: OutcomeDeliverer;

  constructor(
    private readonly store: EscalationStore,
    private readonly clock: () => Date,
    private readonly audit?: SettlementAudit,
    private readonly logger?: Logger,
    private readonly approvalProblem?: ApprovalCheck,
    private readonly ledger?: RunLedger,
  ) {}

  attach(runner: HeldWorkRunner, deliverer: OutcomeDeliverer): void {
    this.runner = runner;
    this.deliverer = deliverer;
  }

  /** Why an override value cannot be the result of `work` (see HeldWorkRunner.overrideProblem). */
  overrideProblem(work: HeldWork, value: JsonValue): string | undefined {
    return this.runner?.overrideProblem?.(work, value);
  }

  /** Takes a resolved escalation as far as it can go now; returns the record as it then stands. */
  async settle(escalation: EscalationRecord): Promise<EscalationRecord> {
    let record = escalation;
    if (!record.work || !this.runner || !this.deliverer) return record;
    if (record.status === 'approved' && !record.outcome) record = await this.run(record, this.runner);
    if (isFinalOutcome(record.outcome) && !record.delivered_at)
      record = await this.deliver(record, this.deliverer);
    return record;
  }

  /** At start: every escalation whose held work was left mid-way moves on (see the class comment). */
  async resume(): Promise<ResumeReport> {
    const report: ResumeReport = { ran: [], interrupted: [], delivered: [] };
    if (!this.runner || !this.deliverer) return report;
    const unsettled = await this.store.unsettled();
    const waiting = unsettled
      .filter((record) => record.status === 'approved' && !record.outcome)
      .map((record) => record.id);
    const startedBefore =
      waiting.length > 0 && this.ledger ? await this.ledger.startedAmong(waiting) : new Set<string>();
    for (const found of unsettled) {
      let record = found;
      if (record.outcome?.state === 'running' || startedBefore.has(record.id)) {
        const outcome: EscalationOutcome = {
          state: 'interrupted',
          at: this.now(),
          error:
            record.outcome?.state === 'running'
              ? `the agent stopped while this work ran (claimed at ${record.outcome.at}); it is not run again, since it may have had effects: check them and send the work again if it is still needed`
              : 'the audit log shows this work started before, but the escalation store holds no outcome for it (edited, or restored from an older copy); it is not run again: check its effects and send the work again if it is still needed',
        };
        if (record.outcome?.state !== 'running') {
          // `finish` moves a claimed record on: claim it first, so the same compare-and-set path applies.
          record = (await this.store.claim(record.id, this.now())) ?? record;
        }
        record = (await this.store.finish(record.id, outcome)) ?? record;
        if (record.outcome?.state === 'interrupted') {
          report.interrupted.push(record.id);
          await this.recordOutcome(record, record.outcome);
          this.logger?.warn(
            { escalation_id: record.id },
            'held work was interrupted by a restart and is not run again',
          );
        }
      }
      const before = record.outcome;
      record = await this.settle(record);
      if (!before && record.outcome) report.ran.push(record.id);
      if (record.delivered_at && !found.delivered_at) report.delivered.push(record.id);
    }
    return report;
  }

  private async run(record: EscalationRecord, runner: HeldWorkRunner): Promise<EscalationRecord> {
    // The store is only as safe as its file or table: an approval nobody with an anchor key signed (an edited
    // escalation file) must not run work. It stays approved and unrun, and every start says so.
    const problem = await this.approvalProblem?.(record);
    if (problem) {
      this.logger?.error(
        { escalation_id: record.id },
        `held work not run: its stored approval does not verify (${problem}); the escalation store was edited outside the agent`,
      );
      return record;
    }
    const claimed = await this.store.claim(record.id, this.now());
    // Someone else claimed it first (a concurrent approval path, or a restart): what they stored stands.
    if (!claimed) return (await this.store.get(record.id)) ?? record;
    let outcome: EscalationOutcome;
    // The approval was checked against the work as read before the claim; what the claim hands back is what runs,
    // so a store edited in between is caught here (and the work is not run).
    const notStarted =
      escalationWorkDigest(claimed) !== escalationWorkDigest(record)
        ? 'changed'
        : await this.recordStart(claimed);
    if (notStarted === 'changed') {
      outcome = {
        state: 'failed',
        at: '',
        error:
          'not run: the held work changed in the escalation store after its approval was checked; the store was edited outside the agent',
      };
      this.logger?.error(
        { escalation_id: record.id },
        'held work not run: it changed in the escalation store after its approval was checked',
      );
    } else if (notStarted) {
      outcome = {
        state: 'failed',
        at: '',
        error: `not run: its start could not be recorded in the audit log (${notStarted}); send the work again`,
      };
    } else {
      try {
        outcome = { state: 'completed', at: '', result: await runner.run(claimed.work!, claimed) };
      } catch (error) {
        outcome = { state: 'failed', at: '', error: error instanceof Error ? error.message : String(error) };
      }
    }
    outcome.at = this.now();
    const finished = await this.store.finish(record.id, outcome);
    if (!finished) return (await this.store.get(record.id)) ?? claimed;
    await this.recordOutcome(finished, outcome);
    return finished;
  }

  /** Writes the start to the ledger; answers why it could not (the work then does not run), or nothing. */
  private async recordStart(record: EscalationRecord): Promise<string | undefined> {
    try {
      await this.ledger?.started(record);
      return undefined;
    } catch (error) {
      this.logger?.error(
        { err: error, escalation_id: record.id },
        'held work not run: its start could not be audited',
      );
      return error instanceof Error ? error.message : String(error);
    }
  }

  private async deliver(record: EscalationRecord, deliverer: OutcomeDeliverer): Promise<EscalationRecord> {
    const deliveries = await deliverer.deliver(record);
    return (await this.store.markDelivered(record.id, deliveries, this.now())) ?? record;
  }

  private async recordOutcome(record: EscalationRecord, outcome: EscalationOutcome): Promise<void> {
    try {
      await this.audit?.(record, outcome);
    } catch (error) {
      // The outcome is on the escalation record already; the audit entry is the second copy.
      this.logger?.error(
        { err: error, escalation_id: record.id },
        'the held work outcome could not be audited',
      );
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
