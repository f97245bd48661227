export {
  parseEscalationPolicy,
  type ParsedEscalationPolicy,
  type PolicyDiagnostic,
} from './escalation-policy-parser';
export type { EscalationRule } from './policy-rule-types';
