import { AGENT_COMMAND, IMAGE_WORKSPACE } from '../../../../deploy/agent-entry';
import { peerUrlVariable } from '../../../../deploy/agent-environment';
import {
  ANCHORS_KEY,
  anchorsSecretName,
  AGENT_KEYS,
  agentSecretName,
  MOUNTED_ANCHORS_DIR,
  MOUNTED_ANCHORS_FILE,
  MOUNTED_AGENT_SIGNING_KEY,
  MOUNTED_AUDIT_SIGNING_KEY,
  MOUNTED_KEYS_DIR,
  SHARED_KEYS,
  sharedSecretName,
} from '../../../../deploy/secret-layout';
import type { EcosystemRenderContext } from './ecosystem-files';
import { agentImage, deployFileHeader, IMAGE_USER } from './deploy-notes';
import { deploymentTopology, healthPath, livePath, type DeployTopologyAgent } from './deployment-topology';
import { secretsScriptName } from './secrets-script';
import { stringifyYaml } from '../stringify-yaml';

const yaml = (docs: unknown[]) =>
  docs.map((doc) => stringifyYaml(doc, { aliasDuplicateObjects: false })).join('---\n');

/** Ports the backends listen on; their hosts come from the URLs in the Secret, so they may run outside the cluster. */
export const BACKEND_PORTS = { postgres: 5432, redis: 6379 } as const;

/** Waits until every hard dependency answers its health URL (`L9_WAIT_FOR`, space-separated), as compose's depends_on does. */
const WAIT_FOR_DEPENDENCIES = [
  "const urls = process.env.L9_WAIT_FOR.split(' ');",
  'const up = (u) => fetch(u).then((r) => r.ok, () => false);',
  'const loop = async () => { while (!(await Promise.all(urls.map(up))).every(Boolean)) await new Promise((r) => setTimeout(r, 2000)); };',
  'loop();',
].join(' ');

function labels(ctx: EcosystemRenderContext, agent: DeployTopologyAgent) {
  return {
    'app.kubernetes.io/name': agent.id,
    'app.kubernetes.io/part-of': ctx.id,
    'l9.dev/wave': String(agent.wave + 1),
  };
}

/** Selects the pods of one agent of this ecosystem (name and ecosystem, so another ecosystem's agent of the same name is not let in). */
const podsOf = (ctx: EcosystemRenderContext, id: string) => ({
  podSelector: { matchLabels: { 'app.kubernetes.io/name': id, 'app.kubernetes.io/part-of': ctx.id } },
});

/** Non-root, nothing to escalate to, no capabilities, nothing written outside its volumes. */
const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

const secretEnv = (name: string, secret: string, key: string, optional = false) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } },
});

function agentConfig(
  agent: DeployTopologyAgent,
  byId: Map<string, DeployTopologyAgent>,
): Record<string, string> {
  const config: Record<string, string> = {
    L9_PORT: String(agent.port),
    // Every interface of the pod: the agent then refuses to start without the secrets below (fail closed).
    L9_HOST: '0.0.0.0',
    L9_PACKET_AUTH: 'required',
    L9_ANCHORS_FILE: MOUNTED_ANCHORS_FILE,
    L9_AUDIT_SIGNING_KEY_FILE: MOUNTED_AUDIT_SIGNING_KEY,
    L9_AGENT_SIGNING_KEY_FILE: MOUNTED_AGENT_SIGNING_KEY,
    // Where the other agents reach it (its Service), named in its Agent Card; an entry point behind an Ingress sets its own.
    L9_PUBLIC_URL: `http://${agent.id}:${agent.port}`,
    L9_LOG_LEVEL: 'info',
  };
  for (const peer of agent.peers) config[peerUrlVariable(peer)] = `http://${peer}:${byId.get(peer)!.port}`;
  return config;
}

function container(ctx: EcosystemRenderContext, agent: DeployTopologyAgent) {
  const shared = sharedSecretName(ctx.id);
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 3,
  });
  return {
    name: agent.id,
    image: agentImage(ctx.id),
    imagePullPolicy: 'IfNotPresent',
    workingDir: `${IMAGE_WORKSPACE}/agents/${agent.id}`,
    command: [...AGENT_COMMAND],
    ports: [{ name: 'http', containerPort: agent.port, protocol: 'TCP' }],
    envFrom: [{ configMapRef: { name: `${agent.id}-config` } }],
    env: [
      secretEnv('L9_PACKET_SECRET', shared, SHARED_KEYS.packetSecret),
      secretEnv('L9_POSTGRES_URL', shared, SHARED_KEYS.postgresUrl),
      secretEnv('L9_REDIS_URL', shared, SHARED_KEYS.redisUrl),
      secretEnv('L9_AUDIT_KEY', agentSecretName(agent.id), AGENT_KEYS.auditKey),
      // Escalation notifications, when the Secret has them: a webhook URL is only used with its signing secret.
      secretEnv('L9_GOVERNANCE_WEBHOOK_URL', shared, SHARED_KEYS.webhookUrl, true),
      secretEnv('L9_GOVERNANCE_WEBHOOK_SECRET', shared, SHARED_KEYS.webhookSecret, true),
    ],
    volumeMounts: [
      { name: 'anchors', mountPath: MOUNTED_ANCHORS_DIR, readOnly: true },
      { name: 'agent-keys', mountPath: MOUNTED_KEYS_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    securityContext: CONTAINER_SECURITY,
    resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    // Liveness and the start ask only the process; readiness asks the backends, so an outage takes the agent out
    // of its Service without restarting it (and losing the work it holds).
    startupProbe: probe(livePath(agent), 2, 30),
    livenessProbe: probe(livePath(agent), 10, 3),
    readinessProbe: probe(healthPath(agent), 5, 3),
  };
}

function deployment(
  ctx: EcosystemRenderContext,
  agent: DeployTopologyAgent,
  byId: Map<string, DeployTopologyAgent>,
) {
  const waitFor = agent.hard.map((id) => `http://${id}:${byId.get(id)!.port}${healthPath(byId.get(id)!)}`);
  const initContainers =
    waitFor.length === 0
      ? []
      : [
          {
            name: 'wait-for-dependencies',
            image: agentImage(ctx.id),
            imagePullPolicy: 'IfNotPresent',
            command: ['node', '-e', WAIT_FOR_DEPENDENCIES],
            env: [{ name: 'L9_WAIT_FOR', value: waitFor.join(' ') }],
            securityContext: CONTAINER_SECURITY,
            resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
          },
        ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: agent.id,
      labels: labels(ctx, agent),
      annotations: {
        'l9.dev/depends-on': agent.hard.join(','),
        'l9.dev/entry-point': String(agent.entryPoint),
      },
    },
    spec: {
      // One writer per audit hash chain: one replica, and the old pod is gone before the new one starts.
      replicas: 1,
      strategy: { type: 'Recreate' },
      revisionHistoryLimit: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': agent.id } },
      template: {
        metadata: { labels: labels(ctx, agent) },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: IMAGE_USER,
            runAsGroup: IMAGE_USER,
            fsGroup: IMAGE_USER,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: 30,
          ...(initContainers.length ? { initContainers } : {}),
          containers: [container(ctx, agent)],
          volumes: [
            {
              name: 'anchors',
              secret: {
                secretName: anchorsSecretName(ctx.id),
                items: [{ key: ANCHORS_KEY, path: ANCHORS_KEY }],
                defaultMode: 0o444,
              },
            },
            // Group-readable: the files belong to root and the pod's fsGroup, the agent runs in that group.
            {
              name: 'agent-keys',
              secret: {
                secretName: agentSecretName(agent.id),
                items: [AGENT_KEYS.auditSigningKey, AGENT_KEYS.agentSigningKey].map((key) => ({
                  key,
                  path: key,
                })),
                defaultMode: 0o440,
              },
            },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          ],
        },
      },
    },
  };
}

/**
 * Who may talk to the agent and whom it may reach, from the locked plan: in, the agents that depend on it
 * (an entry point: any client, since nothing in the ecosystem calls it); out, its dependencies on their ports,
 * PostgreSQL and Redis on theirs (any address: the URLs in the Secret decide where they are) and DNS.
 */
function networkPolicy(
  ctx: EcosystemRenderContext,
  agent: DeployTopologyAgent,
  byId: Map<string, DeployTopologyAgent>,
) {
  const port = { protocol: 'TCP', port: agent.port };
  const ingress = agent.entryPoint
    ? [{ ports: [port] }]
    : [{ from: agent.dependents.map((id) => podsOf(ctx, id)), ports: [port] }];
  const egress = [
    ...agent.peers.map((id) => ({
      to: [podsOf(ctx, id)],
      ports: [{ protocol: 'TCP', port: byId.get(id)!.port }],
    })),
    {
      ports: [
        { protocol: 'TCP', port: BACKEND_PORTS.postgres },
        { protocol: 'TCP', port: BACKEND_PORTS.redis },
      ],
    },
    {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: agent.id, labels: labels(ctx, agent) },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': agent.id } },
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress,
    },
  };
}

function agentDocuments(
  ctx: EcosystemRenderContext,
  agent: DeployTopologyAgent,
  byId: Map<string, DeployTopologyAgent>,
): unknown[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${agent.id}-config`, labels: labels(ctx, agent) },
      data: agentConfig(agent, byId),
    },
    deployment(ctx, agent, byId),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: agent.id, labels: labels(ctx, agent) },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': agent.id },
        ports: [{ name: 'http', protocol: 'TCP', port: agent.port, targetPort: 'http' }],
      },
    },
    networkPolicy(ctx, agent, byId),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: agent.id, labels: labels(ctx, agent) },
      // A single replica (one audit writer): a drain may take it down, one at a time and gracefully, rather than
      // hang on a budget one pod can never meet; a pod that is not ready may always be evicted.
      spec: {
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: { matchLabels: { 'app.kubernetes.io/name': agent.id } },
      },
    },
  ];
}

/**
 * Kubernetes manifests, one file per agent: ConfigMap (port, peers by Service name, packet auth required, where
 * the mounted keys are), Deployment (every secret from Secrets; non-root, read-only, no capabilities, seccomp;
 * requests and limits; startup and liveness probes on `/<prefix>/live`, readiness on `/<prefix>/health`; an init
 * container that waits for the hard dependencies), Service, NetworkPolicy and PodDisruptionBudget. The
 * Secrets (`<ecosystem>-shared`, `<agent>-keys`, `<ecosystem>-anchors`) come from the generated secrets script.
 */
export function renderKubernetesManifests(
  ctx: EcosystemRenderContext,
): Array<{ path: string; content: string }> {
  const agents = deploymentTopology(ctx.plan);
  const byId = new Map(agents.map((a) => [a.id, a]));
  return agents.map((agent) => {
    const role = agent.entryPoint
      ? 'an entry point (no agent depends on it): admits any client'
      : `admits only ${agent.dependents.join(', ')}`;
    const needs = `needs the Secrets ${sharedSecretName(ctx.id)}, ${agentSecretName(agent.id)} and ${anchorsSecretName(ctx.id)}: agents/${ctx.id}/deploy/${secretsScriptName(ctx.id)} --kubernetes`;
    return {
      path: `deploy/kubernetes/${agent.id}.yaml`,
      content: `${deployFileHeader(`${agent.name}, wave ${agent.wave + 1}, ${role}. kubectl apply -f agents/${ctx.id}/deploy/kubernetes/ (${needs}).`, ctx.id, ctx.plan.hash)}${yaml(agentDocuments(ctx, agent, byId))}`,
    };
  });
}
