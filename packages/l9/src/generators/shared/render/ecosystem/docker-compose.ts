import { stringify } from 'yaml';
import { AGENT_COMMAND } from '../../../../deploy/agent-entry';
import { ANCHORS_FILE, MOUNTED_ANCHORS_FILE } from './anchors-file';
import type { EcosystemRenderContext } from './ecosystem-files';
import { agentImage, deployFileHeader, IMAGE_WORKSPACE } from './deploy-notes';
import { deploymentTopology, healthPath, nodeHealthProbe, peerVariable, type DeployTopologyAgent } from './deployment-topology';

const POSTGRES_PASSWORD = '${L9_POSTGRES_PASSWORD:-l9}';

function agentService(ctx: EcosystemRenderContext, agent: DeployTopologyAgent, byId: Map<string, DeployTopologyAgent>) {
  const environment: Record<string, string> = {
    L9_PORT: String(agent.port),
    L9_HOST: '0.0.0.0',
    L9_REDIS_URL: 'redis://redis:6379',
    L9_POSTGRES_URL: `postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/l9`,
    L9_ANCHORS_FILE: MOUNTED_ANCHORS_FILE,
  };
  for (const peer of agent.peers) environment[peerVariable(peer)] = `http://${peer}:${byId.get(peer)!.port}`;
  const dependsOn: Record<string, { condition: string }> = { redis: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } };
  for (const hard of agent.hard) dependsOn[hard] = { condition: 'service_healthy' };
  return {
    image: agentImage(ctx.id),
    build: { context: '../../..', dockerfile: `agents/${ctx.id}/deploy/Dockerfile` },
    working_dir: `${IMAGE_WORKSPACE}/agents/${agent.id}`,
    command: [...AGENT_COMMAND],
    environment,
    // Mounted, not baked into the image: an anchor's key added later needs a restart, not a rebuild.
    volumes: [`../${ANCHORS_FILE}:${MOUNTED_ANCHORS_FILE}:ro`],
    ports: [`${agent.port}:${agent.port}`],
    depends_on: dependsOn,
    healthcheck: {
      test: ['CMD', 'node', '-e', nodeHealthProbe(`http://127.0.0.1:${agent.port}${healthPath(agent)}`)],
      interval: '5s',
      timeout: '3s',
      retries: 12,
      start_period: '20s',
    },
  };
}

/**
 * docker-compose.yml: Redis, PostgreSQL and one service per agent on the plan's port, real backends through
 * `L9_REDIS_URL` / `L9_POSTGRES_URL`, peers by service name, `depends_on` following the hard dependencies
 * (each waits until the other is healthy) and a healthcheck on `/<prefix>/health`.
 */
export function renderDockerCompose(ctx: EcosystemRenderContext): string {
  const agents = deploymentTopology(ctx.plan);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const services: Record<string, unknown> = {
    redis: {
      image: 'redis:7-alpine',
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10 },
    },
    postgres: {
      image: 'postgres:16-alpine',
      environment: { POSTGRES_DB: 'l9', POSTGRES_PASSWORD },
      volumes: ['postgres-data:/var/lib/postgresql/data'],
      healthcheck: { test: ['CMD', 'pg_isready', '-U', 'postgres', '-d', 'l9'], interval: '5s', timeout: '3s', retries: 10 },
    },
  };
  for (const agent of agents) services[agent.id] = agentService(ctx, agent, byId);
  const header = deployFileHeader(`docker compose -f agents/${ctx.id}/deploy/docker-compose.yml up --build; set L9_POSTGRES_PASSWORD to replace the default password.`, ctx.id, ctx.plan.hash);
  return `${header}${stringify({ name: ctx.id, services, volumes: { 'postgres-data': {} } }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
