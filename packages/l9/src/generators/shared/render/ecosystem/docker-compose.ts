import { AGENT_COMMAND, IMAGE_WORKSPACE } from '../../../../deploy/agent-entry';
import { peerUrlVariable } from '../../../../deploy/agent-environment';
import {
  ANCHORS_KEY,
  COMPOSE_ENV_FILE,
  COMPOSE_VARIABLES,
  MOUNTED_ANCHORS_FILE,
} from '../../../../deploy/secret-layout';
import type { EcosystemRenderContext } from './ecosystem-files';
import { agentImage, deployFileHeader, IMAGE_USER } from './deploy-notes';
import {
  deploymentTopology,
  healthPath,
  nodeHealthProbe,
  type DeployTopologyAgent,
} from './deployment-topology';
import { secretsScriptName } from './secrets-script';
import { stringifyYaml } from '../stringify-yaml';

/** Where published ports listen on the host: loopback unless `L9_PUBLISH_HOST` says otherwise. */
export const PUBLISH_HOST = '${L9_PUBLISH_HOST:-127.0.0.1}';

/** `${NAME:?why}`: compose stops before starting anything when the env file lacks it, saying how to make it. */
const required = (ctx: EcosystemRenderContext, name: string) =>
  `\${${name}:?is not set: run agents/${ctx.id}/deploy/${secretsScriptName(ctx.id)} --compose and pass --env-file agents/${ctx.id}/${COMPOSE_ENV_FILE}}`;

/** Nothing to escalate to, no capabilities, nothing written outside /tmp: the Kubernetes manifests' settings. */
const HARDENED = { cap_drop: ['ALL'], read_only: true, security_opt: ['no-new-privileges:true'] };

function agentService(
  ctx: EcosystemRenderContext,
  agent: DeployTopologyAgent,
  byId: Map<string, DeployTopologyAgent>,
) {
  const environment: Record<string, string> = {
    L9_PORT: String(agent.port),
    // Every interface of the container (published on loopback below): the agent insists on its secrets.
    L9_HOST: '0.0.0.0',
    L9_PACKET_AUTH: 'required',
    L9_PACKET_SECRET: required(ctx, COMPOSE_VARIABLES.packetSecret),
    L9_AUDIT_KEY: required(ctx, COMPOSE_VARIABLES.auditKey(agent.id)),
    L9_AUDIT_SIGNING_KEY: required(ctx, COMPOSE_VARIABLES.auditSigningKey(agent.id)),
    L9_AGENT_SIGNING_KEY: required(ctx, COMPOSE_VARIABLES.agentSigningKey(agent.id)),
    // Where the other services reach it, named in its Agent Card.
    L9_PUBLIC_URL: `http://${agent.id}:${agent.port}`,
    L9_REDIS_URL: `redis://:${required(ctx, COMPOSE_VARIABLES.redisPassword)}@redis:6379`,
    L9_POSTGRES_URL: `postgres://postgres:${required(ctx, COMPOSE_VARIABLES.postgresPassword)}@postgres:5432/l9`,
    L9_ANCHORS_FILE: MOUNTED_ANCHORS_FILE,
    L9_LOG_LEVEL: 'info',
  };
  for (const peer of agent.peers)
    environment[peerUrlVariable(peer)] = `http://${peer}:${byId.get(peer)!.port}`;
  const dependsOn: Record<string, { condition: string }> = {};
  for (const name of ['postgres', 'redis', ...agent.hard].sort())
    dependsOn[name] = { condition: 'service_healthy' };
  // Keys in the order compose linters expect (dclint's service-keys-order).
  return {
    image: agentImage(ctx.id),
    depends_on: dependsOn,
    // Mounted, not baked into the image: an anchor's key added later needs a restart, not a rebuild.
    volumes: [`../${ANCHORS_KEY}:${MOUNTED_ANCHORS_FILE}:ro`],
    environment,
    // The long form: the interface stays a field of its own that linters and people can read.
    ports: [{ target: agent.port, published: String(agent.port), host_ip: PUBLISH_HOST, protocol: 'tcp' }],
    command: [...AGENT_COMMAND],
    working_dir: `${IMAGE_WORKSPACE}/agents/${agent.id}`,
    restart: 'unless-stopped',
    healthcheck: {
      test: ['CMD', 'node', '-e', nodeHealthProbe(`http://127.0.0.1:${agent.port}${healthPath(agent)}`)],
      interval: '5s',
      timeout: '3s',
      retries: 12,
      start_period: '20s',
    },
    user: `${IMAGE_USER}:${IMAGE_USER}`,
    ...HARDENED,
    tmpfs: ['/tmp:size=16m'],
  };
}

/**
 * docker-compose.yml: Redis and PostgreSQL (each with a password from the env file, neither published), and one
 * service per agent on the plan's port, published on 127.0.0.1 (`L9_PUBLISH_HOST` to change it), with packet
 * auth required and every secret a required variable of the env file the secrets script writes; peers by
 * service name, `depends_on` following the hard dependencies, a healthcheck on `/<prefix>/health`.
 */
export function renderDockerCompose(ctx: EcosystemRenderContext): string {
  const agents = deploymentTopology(ctx.plan);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const services: Record<string, unknown> = {
    postgres: {
      image: 'postgres:16-alpine',
      volumes: ['postgres-data:/var/lib/postgresql/data'],
      environment: {
        POSTGRES_DB: 'l9',
        POSTGRES_PASSWORD: required(ctx, COMPOSE_VARIABLES.postgresPassword),
      },
      restart: 'unless-stopped',
      healthcheck: {
        test: ['CMD', 'pg_isready', '-U', 'postgres', '-d', 'l9'],
        interval: '5s',
        timeout: '3s',
        retries: 10,
      },
    },
    redis: {
      image: 'redis:7-alpine',
      environment: { REDISCLI_AUTH: required(ctx, COMPOSE_VARIABLES.redisPassword) },
      // The password from the environment, so it is not part of the compose configuration's command line.
      command: ['sh', '-c', 'exec redis-server --requirepass "$$REDISCLI_AUTH"'],
      restart: 'unless-stopped',
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10 },
    },
  };
  for (const agent of agents) services[agent.id] = agentService(ctx, agent, byId);
  const sorted = Object.fromEntries(Object.entries(services).sort(([a], [b]) => a.localeCompare(b)));
  const what = `docker compose --env-file agents/${ctx.id}/${COMPOSE_ENV_FILE} -f agents/${ctx.id}/deploy/docker-compose.yml up -d, after building the image ${agentImage(ctx.id)} (see README).`;
  const header = deployFileHeader(
    what,
    ctx.id,
    ctx.plan.hash,
    "Checked by l9's tests: linted with dclint, and every agent started with this file's command, directory and environment.",
  );
  return `${header}${stringifyYaml({ name: ctx.id, services: sorted, volumes: { 'postgres-data': {} } }, { aliasDuplicateObjects: false })}`;
}
