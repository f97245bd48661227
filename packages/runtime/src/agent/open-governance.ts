import type { Logger } from 'pino';
import { Governance, LogChannel, PostgresEscalationStore, policyFromSchema, type EscalationStore, type NotificationChannel } from '../governance';
import type { AgentBlueprint } from './agent-blueprint';

/**
 * Governance from the blueprint: the schema's anchors and mode, its free-text escalation policy parsed into
 * rules (clauses that cannot be parsed are logged, never silently applied), escalations persisted on
 * PostgreSQL when configured (schema `pgSchema`), notifications to `channels` (built by open-notifications.ts; the
 * log alone when absent).
 */
export function openGovernance(blueprint: AgentBlueprint, env: NodeJS.ProcessEnv, log: Logger, postgresUrl?: string, pgSchema = 'l9_governance', channels: NotificationChannel[] = [new LogChannel(log)]): Governance {
  const { policy, diagnostics } = policyFromSchema(blueprint.governance);
  for (const d of diagnostics) log.warn({ clause: d.text }, `escalation policy clause not applied: ${d.message}`);
  const store: EscalationStore | undefined = postgresUrl
    ? new PostgresEscalationStore({ connectionString: postgresUrl, schema: pgSchema, table: `escalations_${blueprint.identity.id.replace(/-/g, '_')}`, poolConfig: { application_name: `l9-${blueprint.identity.id}-governance`, max: 2 } })
    : undefined;
  return new Governance({ policy, ...(store ? { store } : {}), channels, logger: log });
}
