import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { blueprint } from '../../agents/tensoraios/src/generated/config';
import {
  compliantSignals,
  createEnvelope,
  generateAnchorKeyPair,
  issueCallerToken,
  policyFromSchema,
  postgresSchemas,
  signEnvelope,
  signResolution,
  throwawaySecrets,
  type AnchorPrivateJwk,
  type JsonObject,
  type PacketEnvelope,
  type ResolutionAction,
} from '../../packages/runtime/src';
import { freePort } from '@l9/runtime/shared';
import { TcpProxy } from '../../packages/runtime/src/memory/testing/tcp-proxy';
import { startAgent, type AgentProcess, type StartResult } from './agent-process';
import { probe, type ProbeAnswer } from './http-probe';

/** The committed example agent the attacks run against, as its project folder and its identity. */
export const TARGET = {
  project: 'tensoraios',
  id: blueprint.identity.id,
  prefix: blueprint.identity.routePrefix,
  anchor: blueprint.governance.anchors[0]!,
};

/** The request timeout the agent under attack runs with (L9_HTTP_REQUEST_TIMEOUT_MS), short so the attack is quick. */
export const ATTACK_REQUEST_TIMEOUT_MS = 3_000;

export interface ServiceUrls {
  postgres: string;
  redis: string;
}

/**
 * Everything the attacks share: the agent under attack (restartable, killable), its secrets and anchor keys, a
 * private proxy in front of PostgreSQL that a fault can cut, a webhook that never answers, and an admin connection
 * to read what the agent stored. All state lives in schemas and stream keys of this run alone.
 */
export class AttackContext {
  readonly runId = randomBytes(4).toString('hex');
  readonly workDir = mkdtempSync(join(tmpdir(), 'l9-attack-'));
  readonly secrets = throwawaySecrets();
  readonly anchor = generateAnchorKeyPair(TARGET.anchor);
  /** A key the agent never learned, claiming the same anchor name. */
  readonly impostor = generateAnchorKeyPair(TARGET.anchor);
  readonly anchorsFile = join(this.workDir, 'anchors.jwks.json');
  readonly pgSchemaPrefix = `l9_attack_${this.runId}`;
  readonly calmSignals = compliantSignals(policyFromSchema(blueprint.governance).policy.rules);
  agent: AgentProcess | undefined;
  private port = 0;

  private constructor(
    readonly services: ServiceUrls,
    readonly proxy: TcpProxy,
    private readonly silentWebhook: Server,
    readonly webhookUrl: string,
    readonly admin: Pool,
  ) {
    writeFileSync(this.anchorsFile, `${JSON.stringify({ keys: [this.anchor.publicJwk] }, null, 2)}\n`);
  }

  static async open(services: ServiceUrls): Promise<AttackContext> {
    const target = new URL(services.postgres);
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    // A notification receiver that reads the request and never answers: the slowest webhook there is.
    const silentWebhook = createServer(() => undefined);
    const webhookPort = await freePort();
    await new Promise<void>((resolve) => silentWebhook.listen(webhookPort, '127.0.0.1', resolve));
    const admin = new Pool({
      connectionString: services.postgres,
      max: 2,
      application_name: 'l9-attack-admin',
    });
    return new AttackContext(services, proxy, silentWebhook, `http://127.0.0.1:${webhookPort}/hook`, admin);
  }

  /** PostgreSQL as the agent reaches it: through the proxy this run can cut. */
  private postgresThroughProxy(): string {
    const url = new URL(this.services.postgres);
    url.hostname = '127.0.0.1';
    url.port = String(this.proxy.port);
    return url.toString();
  }

  /** The environment of the agent under attack: loopback, auth required, real backends, this run's isolation. */
  environment(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...this.secrets,
      L9_HOST: '127.0.0.1',
      L9_PORT: String(this.port),
      L9_PACKET_AUTH: 'required',
      L9_ANCHORS_FILE: this.anchorsFile,
      L9_POSTGRES_URL: this.postgresThroughProxy(),
      L9_REDIS_URL: this.services.redis,
      L9_PG_SCHEMA_PREFIX: this.pgSchemaPrefix,
      L9_STREAM_PREFIX: `l9attack:${this.runId}:`,
      L9_GOVERNANCE_WEBHOOK_URL: this.webhookUrl,
      L9_GOVERNANCE_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
      // Small enough that one identity meets its limit within the rate-limit attack; packets of the other attacks
      // come from many source agents, each its own bucket.
      L9_RATE_LIMIT_BURST: '100',
      L9_RATE_LIMIT_PER_SECOND: '5',
      L9_HTTP_REQUEST_TIMEOUT_MS: String(ATTACK_REQUEST_TIMEOUT_MS),
      L9_HTTP_HEADERS_TIMEOUT_MS: String(ATTACK_REQUEST_TIMEOUT_MS),
      L9_LOG_LEVEL: 'warn',
      ...overrides,
    };
  }

  /** (Re)starts the agent under attack on its port; throws when it does not start. */
  async start(overrides: NodeJS.ProcessEnv = {}): Promise<AgentProcess> {
    if (this.port === 0) this.port = await freePort();
    const result = await startAgent(TARGET.project, this.environment(overrides));
    if (!result.agent)
      throw new Error(
        `the agent did not start (exit ${result.exitCode}): ${result.output.trim().split('\n').slice(-3).join(' / ')}`,
      );
    this.agent = result.agent;
    return result.agent;
  }

  /** Starts another instance with exactly this environment, to see whether it refuses. */
  trial(env: NodeJS.ProcessEnv): Promise<StartResult> {
    return startAgent(TARGET.project, { PATH: process.env['PATH'], ...env }, 30_000);
  }

  get url(): string {
    if (!this.agent) throw new Error('the agent under attack is not running');
    return this.agent.url;
  }

  /** A signed packet for the agent from a fresh source agent, by default carrying signals every rule finds calm. */
  packet(
    payload: JsonObject = {},
    options: { packet_type?: string; source_agent?: string; secret?: string; calm?: boolean } = {},
  ): PacketEnvelope {
    const body: JsonObject = options.calm === false ? payload : { ...this.calmSignals, ...payload };
    const envelope = createEnvelope({
      packet_type: options.packet_type ?? 'model_status',
      source_agent: options.source_agent ?? `attack-peer-${randomBytes(3).toString('hex')}`,
      destination_agent: TARGET.id,
      payload: body,
    });
    return signEnvelope(envelope, options.secret ?? this.secrets['L9_PACKET_SECRET']!);
  }

  send(envelope: unknown): Promise<ProbeAnswer> {
    return probe('POST', `${this.url}/${TARGET.prefix}/packets`, envelope);
  }

  callerToken(caller: string, secret = this.secrets['L9_PACKET_SECRET']!): Promise<string> {
    return issueCallerToken({ secret, caller, agent: TARGET.id });
  }

  /**
   * A resolution signed as the anchor does: after reading the escalation (with a caller token) from `url` (the agent
   * under attack by default), bound to the `work_digest` it shows. `work_digest` given (a stopped agent's record) skips
   * the read; `null` signs for no held work.
   */
  async resolution(
    escalationId: string,
    action: ResolutionAction,
    options: {
      key?: AnchorPrivateJwk;
      value?: JsonObject;
      reason?: string;
      url?: string;
      work_digest?: string | null;
    } = {},
  ): Promise<string> {
    const work_digest =
      options.work_digest === undefined
        ? await this.shownWorkDigest(escalationId, options.url ?? this.url)
        : (options.work_digest ?? undefined);
    return signResolution(options.key ?? this.anchor.privateJwk, {
      anchor: TARGET.anchor,
      agent: TARGET.id,
      escalation_id: escalationId,
      action,
      reason: options.reason ?? 'reviewed by the attack run',
      ...(options.value ? { value: options.value } : {}),
      ...(work_digest ? { work_digest } : {}),
    });
  }

  /** The `work_digest` an escalation shows its anchors (none when it holds no work, or cannot be read). */
  private async shownWorkDigest(escalationId: string, url: string): Promise<string | undefined> {
    const shown = await probe(
      'GET',
      `${url}/${TARGET.prefix}/escalations/${encodeURIComponent(escalationId)}`,
      undefined,
      await this.readerHeaders(),
    );
    const digest = shown.json?.['work_digest'];
    return typeof digest === 'string' ? digest : undefined;
  }

  resolve(
    escalationId: string,
    action: ResolutionAction,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<ProbeAnswer> {
    return probe(
      'POST',
      `${this.url}/${TARGET.prefix}/escalations/${encodeURIComponent(escalationId)}/${action}`,
      body,
      headers,
    );
  }

  /** Reads an escalation as an operator with a caller token would (escalations hold other callers' payloads). */
  async escalation(escalationId: string): Promise<ProbeAnswer> {
    return probe(
      'GET',
      `${this.url}/${TARGET.prefix}/escalations/${encodeURIComponent(escalationId)}`,
      undefined,
      await this.readerHeaders(),
    );
  }

  async readerHeaders(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.callerToken('attack-operator')}` };
  }

  /** The agent's PostgreSQL schemas (memory, audit, governance) of this run. */
  schemas(): ReturnType<typeof postgresSchemas> {
    return postgresSchemas({ L9_PG_SCHEMA_PREFIX: this.pgSchemaPrefix });
  }

  async close(): Promise<void> {
    await this.agent?.stop();
    await this.proxy.resume();
    await this.proxy.interrupt();
    await new Promise<void>((resolve) => this.silentWebhook.close(() => resolve()));
    this.silentWebhook.closeAllConnections();
    for (const schema of Object.values(this.schemas()))
      await this.admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await this.admin.end();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
