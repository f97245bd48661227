import type { Logger } from 'pino';
import type { GovernanceNotification, NotificationChannel } from './notification-channel';

/** A line a log channel writes: enough to act on without looking the escalation up. */
export interface EscalationLogLine {
  event: GovernanceNotification['type'];
  escalation_id: string;
  status: string;
  agent: string;
  action: string;
  decision_id: string;
  anchors: string[];
  matched_rules: string[];
  triggers: string[];
  resolved_by?: string;
  reason?: string;
}

export type EscalationLogSink = (line: EscalationLogLine) => void;

/** Writes escalations to a pino logger (warn when created, info when resolved) or to an injected sink. */
export class LogChannel implements NotificationChannel {
  readonly name: string;

  constructor(
    private readonly target: Logger | EscalationLogSink,
    name = 'log',
  ) {
    this.name = name;
  }

  async send({ type, escalation }: GovernanceNotification): Promise<void> {
    const line: EscalationLogLine = {
      event: type,
      escalation_id: escalation.id,
      status: escalation.status,
      agent: escalation.decision.agent,
      action: escalation.decision.action,
      decision_id: escalation.decision.id,
      anchors: escalation.anchors,
      matched_rules: escalation.matched_rules.map((rule) => rule.id),
      triggers: escalation.triggers,
      ...(escalation.resolution
        ? { resolved_by: escalation.resolution.by, reason: escalation.resolution.reason }
        : {}),
    };
    if (typeof this.target === 'function') {
      this.target(line);
      return;
    }
    const message =
      type === 'escalation.created' ? 'decision escalated to governance anchors' : 'escalation resolved';
    if (type === 'escalation.created') this.target.warn(line, message);
    else this.target.info(line, message);
  }
}
