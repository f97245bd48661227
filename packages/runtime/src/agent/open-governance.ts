import type { Logger } from 'pino';
import {
  ANCHORS_FILE_VARIABLE,
  CALLBACK_ALLOWLIST_VARIABLE,
  CallbackAllowlist,
  escalationFileBeside,
  FileEscalationStore,
  Governance,
  loadAnchorKeys,
  LogChannel,
  PostgresEscalationStore,
  policyFromSchema,
  type AnchorKeySet,
  type EscalationStore,
  type GovernanceAuditLog,
  type NotificationChannel,
} from '../governance';
import type { AgentBlueprint } from './agent-blueprint';

/** Where an agent keeps its escalations: PostgreSQL when configured, beside the audit file when that is set, else memory. */
function escalationStore(
  blueprint: AgentBlueprint,
  env: NodeJS.ProcessEnv,
  postgresUrl: string | undefined,
  pgSchema: string,
): EscalationStore | undefined {
  const id = blueprint.identity.id;
  if (postgresUrl) {
    return new PostgresEscalationStore({
      connectionString: postgresUrl,
      schema: pgSchema,
      table: `escalations_${id.replace(/-/g, '_')}`,
      poolConfig: { application_name: `l9-${id}-governance`, max: 2 },
    });
  }
  const auditFile = env['L9_AUDIT_FILE'];
  return auditFile ? new FileEscalationStore({ path: escalationFileBeside(auditFile) }) : undefined;
}

/** The anchors' public keys from `L9_ANCHORS_FILE`; an unusable file stops the start, a missing variable is warned about. */
function anchorKeys(
  blueprint: AgentBlueprint,
  env: NodeJS.ProcessEnv,
  log: Logger,
): AnchorKeySet | undefined {
  const file = env[ANCHORS_FILE_VARIABLE];
  if (!file) {
    log.warn(
      `${ANCHORS_FILE_VARIABLE} is not set: no anchor can resolve an escalation of this agent until it names the anchors file (a JWK Set of their public keys)`,
    );
    return undefined;
  }
  const keys = loadAnchorKeys(file);
  const keyless = blueprint.governance.anchors.filter((anchor) => !keys.has(anchor));
  if (keyless.length > 0)
    log.warn(
      { anchors: keyless, file },
      'anchors without a key in the anchors file cannot resolve escalations; add theirs with `l9-runtime anchor keygen --jwks`',
    );
  return keys;
}

/**
 * Governance from the blueprint: the schema's anchors and mode, its free-text escalation policy parsed into
 * rules (clauses that cannot be parsed are logged, never silently applied), the anchors' keys from
 * `L9_ANCHORS_FILE`, escalations (with their held work) persisted on PostgreSQL (schema `pgSchema`) or beside
 * `L9_AUDIT_FILE`, callbacks limited to `L9_CALLBACK_ALLOWLIST`, resolutions and outcomes audited, notifications to `channels`
 * (built by open-notifications.ts; the log alone when absent).
 */
export function openGovernance(
  blueprint: AgentBlueprint,
  env: NodeJS.ProcessEnv,
  log: Logger,
  postgresUrl?: string,
  pgSchema = 'l9_governance',
  audit?: GovernanceAuditLog,
  channels: NotificationChannel[] = [new LogChannel(log)],
): Governance {
  const { policy, diagnostics } = policyFromSchema(blueprint.governance);
  for (const d of diagnostics)
    log.warn({ clause: d.text }, `escalation policy clause not applied: ${d.message}`);
  // Configuration that can stop the start is read before the store opens a connection it would leak.
  const keys = anchorKeys(blueprint, env, log);
  const callbackAllowlist = CallbackAllowlist.fromEnv(env[CALLBACK_ALLOWLIST_VARIABLE]);
  const store = escalationStore(blueprint, env, postgresUrl, pgSchema);
  return new Governance({
    policy,
    ...(store ? { store } : {}),
    ...(keys ? { anchorKeys: keys } : {}),
    ...(audit ? { audit } : {}),
    callbackAllowlist,
    channels,
    logger: log,
  });
}
