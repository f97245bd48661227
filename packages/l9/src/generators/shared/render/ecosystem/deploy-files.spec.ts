import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { LockedPlan } from '../../../../plan';
import { AGENT_COMMAND } from '../../../../deploy/agent-entry';
import { workspaceRoot } from '../../../../testing/reference-inputs';

/** The committed example (the committed-example test keeps it equal to what the generator writes). */
const root = workspaceRoot();
const deployDir = join(root, 'agents', 'tensoraios-ecosystem', 'deploy');
const plan = JSON.parse(readFileSync(join(root, 'agents', 'tensoraios-ecosystem', 'plan.lock.json'), 'utf8')) as LockedPlan;
const idOf = new Map(plan.agents.map((a) => [a.name, a.id]));
const hardIds = (a: LockedPlan['agents'][number]) => a.depends_on.hard.map((name) => idOf.get(name)!).sort();
const peerIds = (a: LockedPlan['agents'][number]) => [...a.depends_on.hard, ...a.depends_on.soft].map((name) => idOf.get(name)!).sort();
const peerVars = (env: Record<string, string>) => Object.keys(env).filter((k) => k.startsWith('L9_PEER_')).sort();
const varOf = (id: string) => `L9_PEER_${id.toUpperCase().replace(/-/g, '_')}_URL`;

interface ComposeService {
  command: string[];
  environment: Record<string, string>;
  ports: string[];
  depends_on: Record<string, { condition: string }>;
  healthcheck: { test: string[] };
  working_dir: string;
  volumes: string[];
}

describe('docker-compose.yml of the example', () => {
  const text = readFileSync(join(deployDir, 'docker-compose.yml'), 'utf8');
  const compose = parse(text) as { services: Record<string, ComposeService> };

  it('says it was checked against the plan and not run here', () => {
    expect(text.split('\n').slice(0, 3).join('\n')).toContain('Validated by tests against the plan');
    expect(text).toContain('not run here');
  });

  it('has Redis, PostgreSQL and every agent of the plan, each on its port, with real backends', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', ...plan.agents.map((a) => a.id)].sort());
    for (const agent of plan.agents) {
      const service = compose.services[agent.id]!;
      expect(service.ports).toEqual([`${agent.port}:${agent.port}`]);
      expect(service.environment['L9_PORT']).toBe(String(agent.port));
      expect(service.environment['L9_REDIS_URL']).toBe('redis://redis:6379');
      expect(service.environment['L9_POSTGRES_URL']).toMatch(/^postgres:\/\/postgres:.+@postgres:5432\/l9$/);
      expect(service.environment['L9_ANCHORS_FILE']).toBe('/etc/l9/anchors.jwks.json');
      expect(service.volumes).toEqual(['../anchors.jwks.json:/etc/l9/anchors.jwks.json:ro']);
      expect(service.working_dir).toBe(`/workspace/agents/${agent.id}`);
      expect(service.command).toEqual([...AGENT_COMMAND]);
    }
  });

  it('orders services by the hard dependencies and points each peer variable at the peer’s service and port', () => {
    for (const agent of plan.agents) {
      const service = compose.services[agent.id]!;
      expect(Object.keys(service.depends_on).sort()).toEqual(['postgres', 'redis', ...hardIds(agent)].sort());
      expect(Object.values(service.depends_on).every((d) => d.condition === 'service_healthy')).toBe(true);
      expect(peerVars(service.environment)).toEqual(peerIds(agent).map(varOf).sort());
      for (const peer of peerIds(agent)) expect(service.environment[varOf(peer)]).toBe(`http://${peer}:${plan.agents.find((a) => a.id === peer)!.port}`);
    }
  });

  it('checks each agent’s health on /<prefix>/health at its port', () => {
    for (const agent of plan.agents) {
      expect(compose.services[agent.id]!.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${agent.port}/${agent.route_prefix}/health`);
    }
  });
});

describe('Kubernetes manifests of the example', () => {
  type Doc = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string>; spec?: any };
  const docsOf = (id: string) => parseAllDocuments(readFileSync(join(deployDir, 'kubernetes', `${id}.yaml`), 'utf8')).map((d) => d.toJS() as Doc);

  it.each(plan.agents.map((a) => [a.id, a] as const))('%s: ConfigMap, Deployment and Service that match the plan', (id, agent) => {
    const docs = docsOf(id);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Deployment', 'Service']);
    const [config, deployment, service] = docs as [Doc, Doc, Doc];
    expect(config.data!['L9_PORT']).toBe(String(agent.port));
    expect(peerVars(config.data!)).toEqual(peerIds(agent).map(varOf).sort());
    const container = deployment.spec.template.spec.containers[0];
    expect(container.command).toEqual([...AGENT_COMMAND]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: agent.port }]);
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(container[probe].httpGet).toEqual({ path: `/${agent.route_prefix}/health`, port: agent.port });
    expect(deployment.metadata.annotations!['l9.dev/depends-on'].split(',').filter(Boolean).sort()).toEqual(hardIds(agent));
    const waits: string = deployment.spec.template.spec.initContainers?.[0]?.env[0].value ?? '';
    expect(waits.split(' ').filter(Boolean).length).toBe(hardIds(agent).length);
    expect(service.spec.ports).toEqual([{ name: 'http', port: agent.port, targetPort: agent.port }]);
    expect(service.metadata.name).toBe(id);
  });
});

describe('the local deployment script of the example', () => {
  const script = join(deployDir, 'deploy_tensoraios_ecosystem.sh');

  it('is executable bash with strict mode that lists the plan’s agents in wave order', () => {
    expect(statSync(script).mode & 0o111).not.toBe(0);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('set -euo pipefail');
    execFileSync('bash', ['-n', script]);
    const listed = [...text.matchAll(/^# {3}wave (\d)\s+(\S+)\s+:(\d+)/gm)].map((m) => [Number(m[1]) - 1, m[2], Number(m[3])]);
    expect(listed).toEqual(plan.agents.map((a) => [a.wave, a.name, a.port]));
  });

  it('runs the deploy command: with nothing deployed, --status says so and --stop succeeds, both exiting 0; a usage mistake exits 1', () => {
    const status = spawnSync('bash', [script, '--status'], { encoding: 'utf8' });
    expect([status.status, status.stdout]).toEqual([0, expect.stringContaining('not deployed: no deployment recorded under')]);
    const stop = spawnSync('bash', [script, '--stop'], { encoding: 'utf8' });
    expect(stop.status).toBe(0);
    const wrong = spawnSync('bash', [script, '--port-base'], { encoding: 'utf8' });
    expect([wrong.status, wrong.stderr]).toEqual([1, expect.stringContaining('--port-base needs a value')]);
  });
});

describe('the image of the example', () => {
  const lines = readFileSync(join(deployDir, 'Dockerfile'), 'utf8').split('\n');

  it('builds every agent’s bundle after copying the workspace, and the bundles it builds start the agents', () => {
    const copy = lines.indexOf('COPY . .');
    const build = lines.findIndex((line) => line.startsWith('RUN ') && line.includes('bundle-main'));
    expect(copy).toBeGreaterThan(0);
    expect(build).toBe(copy + 1);
    // The step as the image runs it, from the workspace root (the image's WORKDIR).
    const since = Date.now() - 1000;
    const run = spawnSync('bash', ['-c', lines[build]!.slice('RUN '.length)], { cwd: root, encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(`built the bundles of ${plan.agents.map((a) => a.name).join(', ')}\n`);
    // What compose and Kubernetes start in each agent's working directory is what that step wrote.
    for (const agent of plan.agents) {
      const bundle = join(root, 'agents', agent.id, AGENT_COMMAND[AGENT_COMMAND.length - 1]!);
      expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(since);
      expect(readFileSync(bundle, 'utf8')).toContain(`runAgentProcess(${JSON.stringify(agent.name)}, createAgent)`);
    }
  });
});
