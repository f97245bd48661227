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
export {
  evaluateRule,
  signalTrigger,
  type RuleEvaluation,
  type SignalProblem,
  type Signals,
} from './rule-evaluator';
export {
  parseEscalationPolicy,
  type ParsedEscalationPolicy,
  type PolicyDiagnostic,
} from './escalation-policy-parser';
export { policyFromSchema, type PolicyFromSchema } from './policy-from-schema';
export { GovernanceError, type GovernanceErrorCode } from './governance-error';
export {
  ESCALATION_STATUSES,
  type EscalationOutcome,
  type EscalationOutcomeState,
  type EscalationRecord,
  type EscalationResolution,
  type EscalationStatus,
  type OutcomeDelivery,
  type ResolutionAction,
} from './escalation-record';
export type {
  CreateOutcome,
  EscalationPage,
  EscalationQuery,
  EscalationStore,
  ResolveOutcome,
} from './escalation-store';
export { MemoryEscalationStore } from './memory-escalation-store';
export {
  FileEscalationStore,
  escalationFileBeside,
  type FileEscalationStoreOptions,
} from './file-escalation-store';
export {
  ANCHORS_FILE_VARIABLE,
  AnchorKeyError,
  AnchorKeySet,
  anchorPrivateJwkSchema,
  anchorPublicJwkSchema,
  generateAnchorKeyPair,
  loadAnchorKeys,
  parseAnchorJwks,
  parseAnchorPrivateJwk,
  withAnchorPublicKey,
  type AnchorJwks,
  type AnchorPrivateJwk,
  type AnchorPublicJwk,
} from './anchor-keys';
export {
  RESOLUTION_MAX_AGE_SECONDS,
  RESOLUTION_TYPE,
  signResolution,
  verifyResolution,
  type ResolutionStatement,
  type SignResolutionInput,
  type VerifiedResolution,
} from './anchor-resolution';
export {
  escalationWorkDigest,
  heldWorkDigest,
  withWorkDigest,
  WORK_DIGEST_PATTERN,
} from './held-work-digest';
export { CALLBACK_ALLOWLIST_VARIABLE, CallbackAllowlist } from './callback-allowlist';
export {
  HeldWorkSettlement,
  type HeldWorkRunner,
  type OutcomeDeliverer,
  type ResumeReport,
} from './held-work-settlement';
export { PostgresEscalationStore, type PostgresEscalationStoreOptions } from './postgres-escalation-store';
export {
  notifyAll,
  NotificationRejectedError,
  type GovernanceNotification,
  type NotificationChannel,
  type NotificationDelivery,
} from './notification-channel';
export {
  NotificationDispatcher,
  type NotificationDispatcherOptions,
  type NotificationFailure,
} from './notification-dispatcher';
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
  MAX_ESCALATION_PAGE,
  type EvaluationResult,
  type GovernanceAuditLog,
  type GovernanceOptions,
  type ResolutionResult,
} from './governance';
export { registerGovernanceRoutes, type GovernanceRoutesOptions } from './governance-routes';
