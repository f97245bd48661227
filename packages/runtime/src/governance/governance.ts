import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BackendHealth } from '../backend-health';
import { describeIssues, GovernanceError } from './governance-error';
import { RESOLVED_STATUS, type EscalationRecord, type EscalationStatus, type ResolutionAction } from './escalation-record';
import type { EscalationStore } from './escalation-store';
import { MemoryEscalationStore } from './memory-escalation-store';
import { notifyAll, type GovernanceNotification, type NotificationChannel, type NotificationDelivery } from './notification-channel';
import {
  anchorKey,
  decisionSchema,
  governancePolicySchema,
  type DecisionInput,
  type EscalationRule,
  type GovernancePolicy,
  type GovernancePolicyInput,
} from './policy';
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
}

export interface EvaluationResult {
  outcome: 'proceed' | 'escalated';
  matched_rules: EscalationRule[];
  /** Signals some rule needed but the decision did not carry; the decision escalates on them. */
  missing_signals: string[];
  /** Every signal a rule could not read (missing or of the wrong type), each one an escalation cause. */
  signal_problems: SignalProblem[];
  escalation?: EscalationRecord;
  notifications: NotificationDelivery[];
}

export interface ResolutionInput {
  anchor: string;
  reason: string;
  /** The outcome the anchor substitutes (override only). */
  value?: unknown;
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
  private readonly anchorsByKey: ReadonlyMap<string, string>;

  constructor(options: GovernanceOptions) {
    const parsed = governancePolicySchema.safeParse(options.policy);
    if (!parsed.success) {
      throw new GovernanceError('invalid_input', `governance policy: ${describeIssues('policy', parsed.error.issues)}`);
    }
    this.policy = parsed.data;
    this.store = options.store ?? new MemoryEscalationStore();
    this.channels = options.channels ?? [];
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.anchorsByKey = new Map(this.policy.anchors.map((anchor) => [anchorKey(anchor), anchor]));
  }

  async evaluate(input: DecisionInput): Promise<EvaluationResult> {
    const parsed = decisionSchema.safeParse(input);
    if (!parsed.success) {
      throw new GovernanceError('invalid_input', describeIssues('decision', parsed.error.issues));
    }
    const decision = parsed.data;
    const matched: EscalationRule[] = [];
    const missing = new Set<string>();
    // Fail closed: a signal a rule cannot read escalates (trigger `signal:<name>:missing|mistyped`), once per signal.
    const problems = new Map<string, SignalProblem>();
    for (const rule of this.policy.rules) {
      const evaluation = evaluateRule(rule, decision.signals);
      if (evaluation.matched) matched.push(rule);
      evaluation.missing.forEach((signal) => missing.add(signal));
      evaluation.problems.forEach((problem) => problems.set(problem.signal, problems.get(problem.signal) ?? problem));
    }
    const signal_problems = [...problems.values()].sort((a, b) => a.signal.localeCompare(b.signal));
    const triggers = [...this.triggers(decision.governance_flags ?? []), ...signal_problems.map(signalTrigger)];
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
    };
    await this.store.create(escalation);
    const notifications = await this.notify({ type: 'escalation.created', escalation });
    return { outcome: 'escalated', matched_rules: matched, missing_signals, signal_problems, escalation, notifications };
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

  approve(id: string, input: ResolutionInput): Promise<ResolutionResult> {
    return this.resolve(id, 'approve', input);
  }

  reject(id: string, input: ResolutionInput): Promise<ResolutionResult> {
    return this.resolve(id, 'reject', input);
  }

  override(id: string, input: ResolutionInput): Promise<ResolutionResult> {
    return this.resolve(id, 'override', input);
  }

  async resolve(id: string, action: ResolutionAction, input: ResolutionInput): Promise<ResolutionResult> {
    if (typeof input?.anchor !== 'string' || input.anchor.trim() === '') {
      throw new GovernanceError('invalid_input', 'anchor: name the anchor who resolves the escalation');
    }
    if (typeof input.reason !== 'string' || input.reason.trim() === '') {
      throw new GovernanceError('invalid_input', 'reason: say why the escalation is resolved this way');
    }
    if (action !== 'override' && input.value !== undefined) {
      throw new GovernanceError('invalid_input', `value: only an override carries a value, not ${action}`);
    }
    const record = await this.get(id);
    const anchor = record.anchors.find((name) => anchorKey(name) === anchorKey(input.anchor));
    if (!anchor) {
      throw new GovernanceError(
        'not_an_anchor',
        `"${input.anchor}" is not an anchor of escalation ${id} (anchors: ${record.anchors.join(', ')})`,
      );
    }
    if (action === 'override' && !this.policy.humanoverride) {
      throw new GovernanceError('override_disabled', 'this policy does not allow human overrides (humanoverride: false)');
    }
    const resolution = {
      by: anchor,
      at: this.clock().toISOString(),
      reason: input.reason.trim(),
      ...(action === 'override' ? { override_value: input.value ?? null } : {}),
    };
    const outcome = await this.store.resolve(id, RESOLVED_STATUS[action], resolution);
    if (outcome.kind === 'not_found') throw new GovernanceError('not_found', `no escalation ${id}`);
    if (outcome.kind === 'already_resolved') {
      const previous = outcome.record.resolution;
      throw new GovernanceError(
        'already_resolved',
        `escalation ${id} is already ${outcome.record.status}${previous ? ` by ${previous.by} at ${previous.at}` : ''}`,
      );
    }
    const notifications = await this.notify({ type: 'escalation.resolved', escalation: outcome.record });
    return { escalation: outcome.record, notifications };
  }

  async get(id: string): Promise<EscalationRecord> {
    const record = await this.store.get(id);
    if (!record) throw new GovernanceError('not_found', `no escalation ${id}`);
    return record;
  }

  list(filter: { status?: EscalationStatus } = {}): Promise<EscalationRecord[]> {
    return this.store.list(filter);
  }

  private async notify(notification: GovernanceNotification): Promise<NotificationDelivery[]> {
    const deliveries = await notifyAll(this.channels, notification);
    for (const delivery of deliveries.filter((item) => !item.ok)) {
      this.logger?.warn(
        { channel: delivery.channel, escalation_id: notification.escalation.id, event: notification.type, error: delivery.error },
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
