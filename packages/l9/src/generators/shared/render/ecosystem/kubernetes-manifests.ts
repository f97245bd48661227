import { dirname } from 'node:path/posix';
import { stringify } from 'yaml';
import { AGENT_COMMAND } from '../../../../deploy/agent-entry';
import { ANCHORS_FILE, MOUNTED_ANCHORS_FILE } from './anchors-file';
import type { EcosystemRenderContext } from './ecosystem-files';
import { agentImage, deployFileHeader, IMAGE_WORKSPACE } from './deploy-notes';
import { deploymentTopology, healthPath, peerVariable, type DeployTopologyAgent } from './deployment-topology';

const yaml = (docs: unknown[]) => docs.map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');

/** Waits until every hard dependency answers its health URL (`L9_WAIT_FOR`, space-separated), as compose's depends_on does. */
const WAIT_FOR_DEPENDENCIES = [
  "const urls = process.env.L9_WAIT_FOR.split(' ');",
  'const up = (u) => fetch(u).then((r) => r.ok, () => false);',
  'const loop = async () => { while (!(await Promise.all(urls.map(up))).every(Boolean)) await new Promise((r) => setTimeout(r, 2000)); };',
  'loop();',
].join(' ');

function labels(ctx: EcosystemRenderContext, agent: DeployTopologyAgent) {
  return { 'app.kubernetes.io/name': agent.id, 'app.kubernetes.io/part-of': ctx.id, 'l9.dev/wave': String(agent.wave + 1) };
}

function agentDocuments(ctx: EcosystemRenderContext, agent: DeployTopologyAgent, byId: Map<string, DeployTopologyAgent>): unknown[] {
  const config: Record<string, string> = { L9_PORT: String(agent.port), L9_HOST: '0.0.0.0', L9_REDIS_URL: 'redis://redis:6379', L9_ANCHORS_FILE: MOUNTED_ANCHORS_FILE };
  for (const peer of agent.peers) config[peerVariable(peer)] = `http://${peer}:${byId.get(peer)!.port}`;
  const probe = (periodSeconds: number, failureThreshold: number) => ({ httpGet: { path: healthPath(agent), port: agent.port }, periodSeconds, failureThreshold, timeoutSeconds: 3 });
  const waitFor = agent.hard.map((id) => `http://${id}:${byId.get(id)!.port}${healthPath(byId.get(id)!)}`);
  const container = {
    name: agent.id,
    image: agentImage(ctx.id),
    workingDir: `${IMAGE_WORKSPACE}/agents/${agent.id}`,
    command: [...AGENT_COMMAND],
    ports: [{ name: 'http', containerPort: agent.port }],
    envFrom: [{ configMapRef: { name: `${agent.id}-config` } }],
    env: [{ name: 'L9_POSTGRES_URL', valueFrom: { secretKeyRef: { name: `${ctx.id}-postgres`, key: 'url' } } }],
    volumeMounts: [{ name: 'anchors', mountPath: dirname(MOUNTED_ANCHORS_FILE), readOnly: true }],
    startupProbe: probe(2, 30),
    readinessProbe: probe(5, 3),
    livenessProbe: probe(10, 6),
  };
  const initContainers = waitFor.length === 0 ? [] : [{ name: 'wait-for-dependencies', image: agentImage(ctx.id), command: ['node', '-e', WAIT_FOR_DEPENDENCIES], env: [{ name: 'L9_WAIT_FOR', value: waitFor.join(' ') }] }];
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${agent.id}-config`, labels: labels(ctx, agent) }, data: config },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: agent.id, labels: labels(ctx, agent), annotations: { 'l9.dev/depends-on': agent.hard.join(',') } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': agent.id } },
        template: {
          metadata: { labels: labels(ctx, agent) },
          spec: { ...(initContainers.length ? { initContainers } : {}), containers: [container], volumes: [{ name: 'anchors', configMap: { name: `${ctx.id}-anchors` } }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: agent.id, labels: labels(ctx, agent) },
      spec: { selector: { 'app.kubernetes.io/name': agent.id }, ports: [{ name: 'http', port: agent.port, targetPort: agent.port }] },
    },
  ];
}

/**
 * Kubernetes manifests, one file per agent: ConfigMap (port, peers by Service name, Redis URL), Deployment
 * (startup, readiness and liveness probes on `/<prefix>/health`; an init container that waits for the hard
 * dependencies) and Service on the plan's port. The PostgreSQL URL comes from the Secret
 * `<ecosystem>-postgres` (key `url`), the anchors' keys from the ConfigMap `<ecosystem>-anchors` (the ecosystem's
 * anchors file, mounted where `L9_ANCHORS_FILE` points); Redis and PostgreSQL are expected as Services `redis` and `postgres`.
 */
export function renderKubernetesManifests(ctx: EcosystemRenderContext): Array<{ path: string; content: string }> {
  const agents = deploymentTopology(ctx.plan);
  const byId = new Map(agents.map((a) => [a.id, a]));
  return agents.map((agent) => ({
    path: `deploy/kubernetes/${agent.id}.yaml`,
    content: `${deployFileHeader(`${agent.name}, wave ${agent.wave + 1}: kubectl apply -f agents/${ctx.id}/deploy/kubernetes/ (needs the Secret ${ctx.id}-postgres with key url, the ConfigMap ${ctx.id}-anchors made from ${ANCHORS_FILE}, and Services redis and postgres).`, ctx.id, ctx.plan.hash)}${yaml(agentDocuments(ctx, agent, byId))}`,
  }));
}
