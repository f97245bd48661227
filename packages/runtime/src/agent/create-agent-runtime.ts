import pino from 'pino';
import { A2A_STORE_NAME, openA2AStores } from '../a2a/a2a-stores';
import { agentSigningKeyFromEnv } from '../a2a/agent-signing-key';
import { coalescedHeadPublisher } from '../audit/audit-head-publisher';
import { AUDIT_HEAD_TOPIC } from '../audit/audit-head-topic';
import type { Backend } from '../backend-health';
import { ConfigError } from '../config/config-error';
import { loadRuntimeConfig } from '../config/load-runtime-config';
import { networkRequirements, securityReport } from '../config/network-exposure';
import { parseFeatureFlags } from '../guards/feature-flags';
import { MAX_CLOCK_SKEW_MS } from '../server/packet-pipeline';
import { openReplayGuard } from '../server/replay-guard-open';
import { createMemoryLayers } from '../memory';
import type { AgentBlueprint } from './agent-blueprint';
import type { AgentRuntime } from './agent-runtime';
import { openAuditLog } from './open-audit-log';
import { openEventStream, streamKeyPrefix } from './open-event-stream';
import { openGovernance } from './open-governance';
import { openNotifications } from './open-notifications';
import { OperationRegistry } from './operation-registry';
import { PeerDirectory } from './peer-directory';

/** `L9_TOKEN_GOVERNANCE_TOKEN` for `auth_required: governance_token`. */
export function endpointTokenVariable(auth: string): string {
  return `L9_TOKEN_${auth.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function endpointTokens(env: NodeJS.ProcessEnv): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('L9_TOKEN_') && value) tokens[name] = value;
  }
  return tokens;
}

/** PostgreSQL schemas holding an agent's memory tables, audit log and escalations. */
export interface PostgresSchemas {
  memory: string;
  audit: string;
  governance: string;
}

/**
 * `<prefix>_memory`, `<prefix>_audit`, `<prefix>_governance`, where the prefix is `L9_PG_SCHEMA_PREFIX`
 * (default `l9`). Agents of one ecosystem share the default schemas, separated by table or agent column; a
 * second ecosystem (or a test run) on the same database sets its own prefix so nothing is shared.
 */
export function postgresSchemas(env: NodeJS.ProcessEnv): PostgresSchemas {
  const prefix = env['L9_PG_SCHEMA_PREFIX'] || 'l9';
  // The longest name built from it, `<prefix>_governance`, must stay within PostgreSQL's 63 characters.
  if (!/^[a-z_][a-z0-9_]{0,51}$/.test(prefix)) {
    throw new ConfigError(
      'L9_PG_SCHEMA_PREFIX',
      `"${prefix}" must be lower-case letters, digits and _ (at most 52, not starting with a digit)`,
    );
  }
  return { memory: `${prefix}_memory`, audit: `${prefix}_audit`, governance: `${prefix}_governance` };
}

/**
 * Builds an agent's infrastructure from its blueprint and the environment. Anything that fails while
 * opening closes what was already opened, so a bad configuration never leaks a connection.
 */
export async function createAgentRuntime(
  blueprint: AgentBlueprint,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AgentRuntime> {
  const config = loadRuntimeConfig({ ...env, L9_PORT: env['L9_PORT'] ?? String(blueprint.port) });
  const network = networkRequirements(env, blueprint.governance.anchors);
  // An agent other machines could reach is refused before any backend opens: nothing half-started, nothing leaked.
  securityReport(config.host, network, config.auth.required);
  const flags = { ...blueprint.featureFlags, ...parseFeatureFlags(env) };
  const log = pino({ level: config.logLevel, base: { agent: blueprint.identity.id } });
  const { redisUrl, postgresUrl, neo4jUrl } = config.backends;
  const schemas = postgresSchemas(env);
  // Read before any connection opens: a bad key stops the start with nothing to close.
  const signingKey = await agentSigningKeyFromEnv(env);
  if (signingKey.ephemeral)
    log.warn(
      'L9_AGENT_SIGNING_KEY is not set: the A2A Agent Card is signed with a key made for this process, so clients that pinned the key see a new one after a restart; set it (or L9_AGENT_SIGNING_KEY_FILE) to an Ed25519 private key',
    );
  const opened: Backend[] = [];
  try {
    const memory = await createMemoryLayers({
      agentId: blueprint.identity.id,
      redisUrl,
      postgresUrl,
      neo4jUrl,
      keyspace: blueprint.memory.keyspace,
      ttlSeconds: blueprint.memory.ttl,
      retention: blueprint.memory.retention,
      pgSchema: schemas.memory,
      maxInProcessRecords: config.inProcessMemory.maxRecords,
    });
    opened.push(memory);
    const stream = await openEventStream(blueprint.identity.id, redisUrl, env, {
      maxEntries: config.inProcessStream.maxEntries,
    });
    opened.push(stream);
    // Every signed audit head goes on the event stream, so peers and the ecosystem hold copies (witnesses).
    const onSignedHead = coalescedHeadPublisher(
      (head) => stream.publish(AUDIT_HEAD_TOPIC, { ...head }),
      (error) => log.warn({ err: (error as Error).message }, 'audit head not published'),
    );
    const audit = await openAuditLog({
      agentId: blueprint.identity.id,
      env,
      postgresUrl,
      pgSchema: schemas.audit,
      packetSecret: config.auth.secret,
      onSignedHead,
    });
    opened.push(audit);
    const replay = await openReplayGuard({
      agentId: blueprint.identity.id,
      redisUrl,
      postgresUrl,
      pgSchema: schemas.governance,
      auditFile: env['L9_AUDIT_FILE'],
      keyPrefix: streamKeyPrefix(env),
      ttlMs: config.replay.windowMs + MAX_CLOCK_SKEW_MS,
      audit,
    });
    if (replay) opened.push(replay);
    // Opened before governance, so closed after it: in-flight notifications get their bounded chance to arrive.
    const notifications = openNotifications(config.notifications, log);
    opened.push(notifications.dispatcher);
    const governance = openGovernance(
      blueprint,
      env,
      log,
      postgresUrl,
      schemas.governance,
      audit,
      notifications.channels,
    );
    opened.push(governance);
    const a2aStores = openA2AStores({
      agentId: blueprint.identity.id,
      postgresUrl,
      pgSchema: schemas.governance,
      taskBudget: config.a2aTasks,
    });
    opened.push(a2aStores);
    const peers = new PeerDirectory(blueprint.peers, env, blueprint.identity.id, config.auth.secret);
    const backends = {
      memory,
      'event-stream': stream,
      'audit-log': audit,
      governance,
      [A2A_STORE_NAME]: a2aStores,
      ...(replay ? { 'replay-guard': replay } : {}),
    };
    return {
      blueprint,
      identity: blueprint.identity,
      config,
      network,
      flags,
      log,
      memory,
      stream,
      governance,
      audit,
      replay,
      operations: new OperationRegistry(),
      peers,
      a2a: { stores: a2aStores, signingKey },
      endpointTokens: endpointTokens(env),
      backends: () => ({ ...backends }),
      async close() {
        const results = await Promise.allSettled(opened.reverse().map((backend) => backend.close()));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      },
    };
  } catch (error) {
    await Promise.allSettled(opened.reverse().map((backend) => backend.close()));
    throw error;
  }
}
