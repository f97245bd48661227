import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BackendHealth } from '../backend-health';
import type { AuditEntry, AuditRecord } from '../audit/audit-types';
import type { JsonValue } from '../envelope/envelope-schema';
import { findUnstorableText } from '../guards/unstorable-text';
import type { HeldWork } from '../server/server-hooks';
import { AnchorKeySet } from './anchor-keys';
import { CallbackAllowlist } from './callback-allowlist';
import { verifyResolution, type VerifiedResolution } from './anchor-resolution';
import { describeIssues, GovernanceError } from './governance-error';
import { escalationWorkDigest } from './held-work-digest';
import {
  RESOLVED_STATUS,
  type EscalationOutcome,
  type EscalationRecord,
  type EscalationStatus,
  type ResolutionAction,
} from './escalation-record';
import type { EscalationPage, EscalationStore } from './escalation-store';
import {
  HeldWorkSettlement,
  type HeldWorkRunner,
  type OutcomeDeliverer,
  type ResumeReport,
  type RunLedger,
} from './held-work-settlement';
import { MemoryEscalationStore } from './memory-escalation-store';
import {
  notifyAll,
  type GovernanceNotification,
  type NotificationChannel,
  type NotificationDelivery,
} from './notification-channel';
import {
  anchorKey,
  governancePolicySchema,
  type DecisionInput,
  type EscalationRule,
  type GovernancePolicy,
  type GovernancePolicyInput,
} from './policy';
import { readDecision } from './read-decision';
import { evaluateRule, signalTrigger, type SignalProblem } from './rule-evaluator';

export interface GovernanceOptions {
  policy: GovernancePolicyInput;
  /** Default: in-memory. */
  store?: EscalationStore;
  channels?: NotificationChannel[];
  /** Receives a warning for every failed notification. */
  logger?: Logger;
  clock?: () => Date;
  newId?: () => string;
  /** The anchors' public keys (`L9_ANCHORS_FILE`). Without any, every resolution is refused. */
  anchorKeys?: AnchorKeySet;
  /** Where verified resolutions (with their signatures) and held-work outcomes are recorded. */
  audit?: GovernanceAuditLog;
  /** Origins a held call's `callback_url` may name (`L9_CALLBACK_ALLOWLIST`); none by default. */
  callbackAllowlist?: CallbackAllowlist;
}

/** The part of the audit log governance writes to. */
export interface GovernanceAuditLog {
  append(record: AuditRecord): Promise<unknown>;
  /** Every entry; when present, the log is also the ledger of held work that started (see RunLedger). */
  entries?(): Promise<readonly AuditEntry[]>;
}

/** Audit action written just before approved held work runs. */
export const HELD_WORK_STARTED = 'governance.held_work_started';

/** The audit log as the ledger of held work that started: written before the work runs, read at start. */
function auditRunLedger(
  audit: GovernanceAuditLog & { entries(): Promise<readonly AuditEntry[]> },
): RunLedger {
  return {
    async started(record) {
      await audit.append({
        agent: record.decision.agent,
        action: HELD_WORK_STARTED,
        subject: record.id,
        data: { work_digest: escalationWorkDigest(record) ?? null },
      });
    },
    async startedAmong(ids) {
      const wanted = new Set(ids);
      const found = new Set<string>();
      for (const entry of await audit.entries())
        if (entry.action === HELD_WORK_STARTED && entry.subject !== null && wanted.has(entry.subject))
          found.add(entry.subject);
      return found;
    },
  };
}

/** The largest page `page()` returns, whatever the caller asks for. */
export const MAX_ESCALATION_PAGE = 100;

export interface EvaluationResult {
  outcome: 'proceed' | 'escalated';
  matched_rules: EscalationRule[];
  /** Signals some rule needed but the decision did not carry; the decision escalates on them. */
  missing_signals: string[];
  /** Every signal a rule could not read (missing or of the wrong type), each one an escalation cause. */
  signal_problems: SignalProblem[];
  escalation?: EscalationRecord;
  /** The escalation already held the same packet id (a resend): it is returned, no second one is opened. */
  resent?: boolean;
  notifications: NotificationDelivery[];
}

export interface ResolutionResult {
  escalation: EscalationRecord;
  notifications: NotificationDelivery[];
}

/**
 * Applies an agent's governance policy to its decisions: decides whether a decision may proceed, holds
 * escalated ones as paused records until an anchor answers, and tells the notification channels.
 */
export class Governance {
  readonly policy: GovernancePolicy;
  private readonly store: EscalationStore;
  private readonly channels: readonly NotificationChannel[];
  private readonly logger?: Logger;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly anchorKeys: AnchorKeySet;
  private readonly audit?: GovernanceAuditLog;
  private readonly settlement: HeldWorkSettlement;
  readonly callbackAllowlist: CallbackAllowlist;

  constructor(options: GovernanceOptions) {
    const parsed = governancePolicySchema.safeParse(options.policy);
    if (!parsed.success) {
      throw new GovernanceError(
        'invalid_input',
        `governance policy: ${describeIssues('policy', parsed.error.issues)}`,
      );
    }
    this.policy = parsed.data;
    this.store = options.store ?? new MemoryEscalationStore();
    this.channels = options.channels ?? [];
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.anchorKeys = options.anchorKeys ?? AnchorKeySet.empty();
    this.audit = options.audit;
    this.callbackAllowlist = options.callbackAllowlist ?? new CallbackAllowlist();
    const audit = this.audit;
    const ledger = audit?.entries
      ? auditRunLedger({ append: (record) => audit.append(record), entries: () => audit.entries!() })
      : undefined;
    this.settlement = new HeldWorkSettlement(
      this.store,
      this.clock,
      (record, outcome) => this.auditOutcome(record, outcome),
      this.logger,
      (record) => this.approvalProblem(record),
      ledger,
    );
  }

  /**
   * Puts a decision to the policy. An escalated decision is held with `hold.work` (what runs once an anchor
   * approves). A decision whose packet id is already held returns that escalation (`resent`), whatever it
   * says now: a resend never opens a second escalation.
   */
  async evaluate(input: DecisionInput, hold: { work?: HeldWork } = {}): Promise<EvaluationResult> {
    const decision = readDecision(input);
    const held =
      decision.packet_id === undefined ? undefined : await this.store.findByPacketId(decision.packet_id);
    if (held) return this.resent(held);
    const matched: EscalationRule[] = [];
    const missing = new Set<string>();
    // Fail closed: a signal a rule cannot read escalates (trigger `signal:<name>:missing|mistyped`), once per signal.
    const problems = new Map<string, SignalProblem>();
    for (const rule of this.policy.rules) {
      const evaluation = evaluateRule(rule, decision.signals);
      if (evaluation.matched) matched.push(rule);
      evaluation.missing.forEach((signal) => missing.add(signal));
      evaluation.problems.forEach((problem) =>
        problems.set(problem.signal, problems.get(problem.signal) ?? problem),
      );
    }
    const signal_problems = [...problems.values()].sort((a, b) => a.signal.localeCompare(b.signal));
    const triggers = [
      ...this.triggers(decision.governance_flags ?? []),
      ...signal_problems.map(signalTrigger),
    ];
    const missing_signals = [...missing].sort();
    if (matched.length === 0 && triggers.length === 0) {
      return { outcome: 'proceed', matched_rules: [], missing_signals, signal_problems, notifications: [] };
    }
    const escalation: EscalationRecord = {
      id: this.newId(),
      decision,
      matched_rules: matched,
      triggers,
      anchors: this.anchorsFor(matched, triggers),
      status: 'paused',
      created_at: this.clock().toISOString(),
      ...(hold.work ? { work: hold.work } : {}),
    };
    const created = await this.store.create(escalation);
    // Two copies of one packet raced past the lookup above: the store keeps the first.
    if (created.kind === 'existing') return this.resent(created.record);
    const notifications = await this.notify({ type: 'escalation.created', escalation });
    return {
      outcome: 'escalated',
      matched_rules: matched,
      missing_signals,
      signal_problems,
      escalation,
      notifications,
    };
  }

  /** The escalation holding `packetId`, if one does. */
  heldFor(packetId: string): Promise<EscalationRecord | undefined> {
    return this.store.findByPacketId(packetId);
  }

  private resent(escalation: EscalationRecord): EvaluationResult {
    return {
      outcome: 'escalated',
      matched_rules: escalation.matched_rules,
      missing_signals: [],
      signal_problems: [],
      escalation,
      resent: true,
      notifications: [],
    };
  }

  /** Escalation causes other than rules, by mode. Autonomous mode ignores flags: only rules escalate. */
  private triggers(flags: readonly string[]): string[] {
    if (this.policy.mode === 'supervised') return ['mode:supervised'];
    if (this.policy.mode === 'autonomous') return [];
    const escalating = new Set(this.policy.escalation_flags);
    return [...new Set(flags.filter((flag) => escalating.has(flag)))].map((flag) => `flag:${flag}`);
  }

  /** Rules may route to specific anchors; anything else (or a rule without anchors) goes to all of them. */
  private anchorsFor(matched: readonly EscalationRule[], triggers: readonly string[]): string[] {
    if (triggers.length > 0 || matched.some((rule) => !rule.anchors)) return [...this.policy.anchors];
    const keys = new Set(matched.flatMap((rule) => rule.anchors ?? []).map(anchorKey));
    return this.policy.anchors.filter((anchor) => keys.has(anchorKey(anchor)));
  }

  approve(id: string, signedResolution: string): Promise<ResolutionResult> {
    return this.resolve(id, 'approve', signedResolution);
  }

  reject(id: string, signedResolution: string): Promise<ResolutionResult> {
    return this.resolve(id, 'reject', signedResolution);
  }

  override(id: string, signedResolution: string): Promise<ResolutionResult> {
    return this.resolve(id, 'override', signedResolution);
  }

  /**
   * Applies an anchor's signed resolution (a compact JWS, see `signResolution`). It must verify against the
   * key of an anchor this escalation waits on and be made for this agent, escalation, action and the held work as
   * stored (its `work_digest`), recently;
   * anything else is refused without naming an anchor. A verified resolution is audited with its signature
   * before it takes effect, then stored with it by compare-and-set (a second one gets `already_resolved`),
   * and the held work is settled: approved work runs once, and the outcome is delivered.
   */
  async resolve(id: string, action: ResolutionAction, signedResolution: string): Promise<ResolutionResult> {
    if (typeof signedResolution !== 'string' || signedResolution.trim() === '') {
      throw new GovernanceError(
        'missing_resolution',
        "present the anchor's signed resolution (a compact JWS made by `l9-runtime anchor` or signResolution)",
      );
    }
    const record = await this.get(id);
    const verified = await verifyResolution(signedResolution.trim(), this.anchorKeys, {
      agent: record.decision.agent,
      escalation_id: id,
      action,
      work_digest: escalationWorkDigest(record),
      anchors: record.anchors,
      now: this.clock(),
    });
    const unstorable = findUnstorableText(verified.statement);
    if (unstorable)
      throw new GovernanceError('invalid_input', `resolution.${unstorable.path}: ${unstorable.reason}`);
    if (action === 'override' && !this.policy.humanoverride) {
      throw new GovernanceError(
        'override_disabled',
        'this policy does not allow human overrides (humanoverride: false)',
      );
    }
    if (record.status !== 'paused') throw alreadyResolved(record);
    // An override is the work's answer, so it meets the contract a run's answer would (the endpoint's response schema).
    const offContract =
      action === 'override' && record.work
        ? this.settlement.overrideProblem(record.work, verified.statement.value ?? null)
        : undefined;
    if (offContract)
      throw new GovernanceError(
        'invalid_input',
        `the override value is not an answer this work may give: ${offContract}; sign a value that is`,
      );
    const anchor =
      record.anchors.find((name) => anchorKey(name) === anchorKey(verified.anchor)) ?? verified.anchor;
    const at = this.clock().toISOString();
    await this.auditResolution(record, anchor, verified);
    const { statement } = verified;
    const resolution = {
      by: anchor,
      at,
      reason: statement.reason.trim(),
      ...(action === 'override' ? { override_value: statement.value ?? null } : {}),
      signature: verified.signature,
      issued_at: new Date(statement.iat * 1000).toISOString(),
    };
    const outcome: EscalationOutcome | undefined = !record.work
      ? undefined
      : action === 'reject'
        ? { state: 'rejected', at, error: `rejected: ${resolution.reason}` }
        : action === 'override'
          ? { state: 'overridden', at, result: statement.value ?? null }
          : undefined;
    const stored = await this.store.resolve(id, RESOLVED_STATUS[action], resolution, outcome);
    if (stored.kind === 'not_found') throw new GovernanceError('not_found', `no escalation ${id}`);
    if (stored.kind === 'already_resolved') {
      // It was audited as presented; say on the log too that another resolution won the race, so it took no effect.
      await this.audit
        ?.append({
          agent: record.decision.agent,
          action: 'governance.resolution_superseded',
          subject: id,
          data: { anchor, action, by: stored.record.resolution?.by ?? null },
        })
        .catch(() => undefined);
      throw alreadyResolved(stored.record);
    }
    const notifications = await this.notify({ type: 'escalation.resolved', escalation: stored.record });
    return { escalation: await this.settle(stored.record), notifications };
  }

  /** Settling failures (a store outage mid-way) leave the step stored; the next start resumes from it. */
  private async settle(record: EscalationRecord): Promise<EscalationRecord> {
    try {
      return await this.settlement.settle(record);
    } catch (error) {
      this.logger?.error(
        { err: error, escalation_id: record.id },
        'held work could not be settled now; it resumes at the next start',
      );
      return (await this.store.get(record.id).catch(() => undefined)) ?? record;
    }
  }

  /**
   * Gives governance the agent's handlers: approved held work runs through `runner`, outcomes go out through
   * `deliverer`. Until then, approved work waits (stored) and runs at `resumeHeldWork`.
   */
  attachWork(runner: HeldWorkRunner, deliverer: OutcomeDeliverer): void {
    this.settlement.attach(runner, deliverer);
  }

  /** At start, after `attachWork`: runs approved work never run, marks work a crash interrupted, delivers what was not. */
  resumeHeldWork(): Promise<ResumeReport> {
    return this.settlement.resume();
  }

  /**
   * Whether an approved record carries an approval an anchor it waits on signed for it and for the work it holds now
   * (run before its work runs): work edited in the store after the approval no longer matches the signed digest.
   */
  private async approvalProblem(record: EscalationRecord): Promise<string | undefined> {
    const signature = record.resolution?.signature;
    if (!signature) return 'it carries no signed resolution';
    try {
      await verifyResolution(signature, this.anchorKeys, {
        agent: record.decision.agent,
        escalation_id: record.id,
        action: 'approve',
        work_digest: escalationWorkDigest(record),
        anchors: record.anchors,
        now: this.clock(),
        checkAge: false,
      });
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private async auditResolution(
    record: EscalationRecord,
    anchor: string,
    verified: VerifiedResolution,
  ): Promise<void> {
    if (!this.audit) return;
    const { statement } = verified;
    const data: { [key: string]: JsonValue } = {
      anchor,
      action: statement.action,
      reason: statement.reason,
      iat: statement.iat,
      signature: verified.signature,
    };
    if (statement.value !== undefined) data['value'] = statement.value;
    if (statement.work_digest !== undefined) data['work_digest'] = statement.work_digest;
    try {
      await this.audit.append({
        agent: record.decision.agent,
        action: `governance.${statement.action}`,
        subject: record.id,
        data,
      });
    } catch (error) {
      throw new GovernanceError(
        'unavailable',
        `the audit log cannot record the resolution, so it was not applied: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async auditOutcome(record: EscalationRecord, outcome: EscalationOutcome): Promise<void> {
    const data: { [key: string]: JsonValue } = { state: outcome.state };
    if (outcome.error !== undefined) data['error'] = outcome.error;
    await this.audit?.append({
      agent: record.decision.agent,
      action: 'governance.held_work',
      subject: record.id,
      data,
    });
  }

  async get(id: string): Promise<EscalationRecord> {
    const record = await this.store.get(id);
    if (!record) throw new GovernanceError('not_found', `no escalation ${id}`);
    return record;
  }

  /** One page, oldest first; `limit` is capped at MAX_ESCALATION_PAGE. */
  page(query: { status?: EscalationStatus; limit?: number; cursor?: string } = {}): Promise<EscalationPage> {
    const limit = Math.min(Math.max(1, query.limit ?? MAX_ESCALATION_PAGE), MAX_ESCALATION_PAGE);
    return this.store.list({
      limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
  }

  /** Every escalation (with `status`, those only), oldest first, read page by page. */
  async list(filter: { status?: EscalationStatus } = {}): Promise<EscalationRecord[]> {
    const all: EscalationRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.page({ ...filter, ...(cursor !== undefined ? { cursor } : {}) });
      all.push(...page.records);
      cursor = page.next_cursor;
    } while (cursor !== undefined);
    return all;
  }

  private async notify(notification: GovernanceNotification): Promise<NotificationDelivery[]> {
    const deliveries = await notifyAll(this.channels, notification);
    for (const delivery of deliveries.filter((item) => !item.ok)) {
      this.logger?.warn(
        {
          channel: delivery.channel,
          escalation_id: notification.escalation.id,
          event: notification.type,
          error: delivery.error,
        },
        'governance notification failed',
      );
    }
    return deliveries;
  }

  health(): Promise<BackendHealth> {
    return this.store.health();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function alreadyResolved(record: EscalationRecord): GovernanceError {
  const previous = record.resolution;
  return new GovernanceError(
    'already_resolved',
    `escalation ${record.id} is already ${record.status}${previous ? ` by ${previous.by} at ${previous.at}` : ''}`,
  );
}
