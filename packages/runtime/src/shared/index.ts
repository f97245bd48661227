/**
 * `@l9/runtime/shared`: the small, pure parts of the runtime that the l9 plugin uses too, so that the plugin and
 * the agents it generates compute the same bytes and read policies by the same rules. Loading this entry loads
 * no server, database or broker client, only Node built-ins: the plugin imports it while it generates files and
 * checks schemas, where the runtime's main entry (fastify, pg, the protocol SDKs) would cost seconds.
 *
 * Only modules that import nothing beyond Node built-ins and each other belong here; a spec checks that.
 */
export { canonicalize, canonicalSha256 } from '../envelope/canonical-json';
export { sha256Hex } from '../crypto/digests';
export {
  parseEscalationPolicy,
  type ParsedEscalationPolicy,
  type PolicyDiagnostic,
} from '../governance/escalation-policy-parser';
export type { ComparisonOp, EscalationRule } from '../governance/policy-rule-types';
export { freePort, freePortRange, freePorts, isPortFree } from './free-ports';
