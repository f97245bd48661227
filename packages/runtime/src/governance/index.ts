export {
  anchorKey,
  comparisonOps,
  decisionSchema,
  escalationRuleSchema,
  governanceModes,
  governancePolicySchema,
  type ComparisonOp,
  type Decision,
  type DecisionInput,
  type EscalationRule,
  type GovernanceMode,
  type GovernancePolicy,
  type GovernancePolicyInput,
} from './policy';
export { evaluateRule, signalTrigger, type RuleEvaluation, type SignalProblem, type Signals } from './rule-evaluator';
export { parseEscalationPolicy, type ParsedEscalationPolicy, type PolicyDiagnostic } from './escalation-policy-parser';
export { policyFromSchema, type PolicyFromSchema } from './policy-from-schema';
export { GovernanceError, type GovernanceErrorCode } from './governance-error';
export type {
  EscalationRecord,
  EscalationResolution,
  EscalationStatus,
  ResolutionAction,
} from './escalation-record';
export type { EscalationStore, ResolveOutcome } from './escalation-store';
export { MemoryEscalationStore } from './memory-escalation-store';
export { PostgresEscalationStore, type PostgresEscalationStoreOptions } from './postgres-escalation-store';
export { notifyAll, NotificationRejectedError, type GovernanceNotification, type NotificationChannel, type NotificationDelivery } from './notification-channel';
export { NotificationDispatcher, type NotificationDispatcherOptions, type NotificationFailure } from './notification-dispatcher';
export { LogChannel, type EscalationLogLine, type EscalationLogSink } from './log-channel';
export { WebhookChannel, type WebhookChannelOptions } from './webhook-channel';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  MIN_WEBHOOK_SECRET_LENGTH,
  signWebhookBody,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookVerification,
  type WebhookVerificationInput,
} from './webhook-signature';
export {
  Governance,
  type EvaluationResult,
  type GovernanceOptions,
  type ResolutionInput,
  type ResolutionResult,
} from './governance';
export { registerGovernanceRoutes, type GovernanceRoutesOptions } from './governance-routes';
