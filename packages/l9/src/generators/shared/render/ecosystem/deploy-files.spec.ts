import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import type { LockedPlan } from '../../../../plan';
import { AGENT_COMMAND } from '../../../../deploy/agent-entry';
import { bundleExternals, requireBuiltBundles } from '../../../../deploy/bundle-record';
import { kubernetesSchemaProblem } from '../../../../deploy/testing/kubernetes-schemas';
import { workspaceRoot } from '../../../../testing/reference-inputs';

/** The committed example (the committed-example test keeps it equal to what the generator writes). */
const root = workspaceRoot();
const deployDir = join(root, 'agents', 'tensoraios-ecosystem', 'deploy');
const plan = JSON.parse(
  readFileSync(join(root, 'agents', 'tensoraios-ecosystem', 'plan.lock.json'), 'utf8'),
) as LockedPlan;
const idOf = new Map(plan.agents.map((a) => [a.name, a.id]));
const hardIds = (a: LockedPlan['agents'][number]) => a.depends_on.hard.map((name) => idOf.get(name)!).sort();
const peerIds = (a: LockedPlan['agents'][number]) =>
  [...a.depends_on.hard, ...a.depends_on.soft].map((name) => idOf.get(name)!).sort();
const peerVars = (env: Record<string, string>) =>
  Object.keys(env)
    .filter((k) => k.startsWith('L9_PEER_'))
    .sort();
const varOf = (id: string) => `L9_PEER_${id.toUpperCase().replace(/-/g, '_')}_URL`;

interface ComposeService {
  image: string;
  command: string[];
  environment: Record<string, string>;
  ports: Array<{ target: number; published: string; host_ip: string; protocol: string }>;
  depends_on: Record<string, { condition: string }>;
  healthcheck: { test: string[] };
  working_dir: string;
  volumes: string[];
  user: string;
  read_only: boolean;
  cap_drop: string[];
  security_opt: string[];
}

describe('docker-compose.yml of the example', () => {
  const file = join(deployDir, 'docker-compose.yml');
  const text = readFileSync(file, 'utf8');
  const compose = parse(text) as {
    services: Record<string, ComposeService & { environment?: Record<string, string> }>;
  };
  const composeVariables = [...text.matchAll(/\$\{([A-Z0-9_]+)(:[?-])?/g)].map((m) => [m[1], m[2]] as const);

  it('says how it was checked', () => {
    expect(text.split('\n').slice(0, 3).join('\n')).toContain('linted with dclint');
  });

  it('passes dclint with no error and no warning', () => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'dclint', 'bin', 'dclint.cjs'), file, '-f', 'json'],
      { cwd: root, encoding: 'utf8' },
    );
    const [result] = JSON.parse(run.stdout) as Array<{
      messages: Array<{ rule: string; message: string }>;
      errorCount: number;
      warningCount: number;
    }>;
    expect(result!.messages.map((m) => `${m.rule}: ${m.message}`)).toEqual([]);
    expect([run.status, result!.errorCount, result!.warningCount]).toEqual([0, 0, 0]);
  });

  it('has no default secret: every variable is required, except the host ports are published on (127.0.0.1 unless set)', () => {
    expect(composeVariables.length).toBeGreaterThan(0);
    for (const [name, form] of composeVariables)
      expect([name, form]).toEqual(name === 'L9_PUBLISH_HOST' ? ['L9_PUBLISH_HOST', ':-'] : [name, ':?']);
    expect(text).toContain('${L9_PUBLISH_HOST:-127.0.0.1}');
    expect(text).not.toMatch(/PASSWORD: (?!"\$\{)/);
  });

  it('has Redis, PostgreSQL (neither published, both with passwords) and every agent of the plan, each on its port with auth required', () => {
    expect(Object.keys(compose.services)).toEqual(
      ['postgres', 'redis', ...plan.agents.map((a) => a.id)].sort(),
    );
    expect(compose.services['postgres']!.ports).toBeUndefined();
    expect(compose.services['redis']!.ports).toBeUndefined();
    expect(compose.services['postgres']!.environment!['POSTGRES_PASSWORD']).toMatch(
      /^\$\{L9_POSTGRES_PASSWORD:\?/,
    );
    expect(compose.services['redis']!.environment!['REDISCLI_AUTH']).toMatch(/^\$\{L9_REDIS_PASSWORD:\?/);
    for (const agent of plan.agents) {
      const service = compose.services[agent.id]!;
      const variable = agent.id.toUpperCase().replace(/-/g, '_');
      expect(service.image).toBe('l9/tensoraios-ecosystem:local');
      expect(service.ports).toEqual([
        {
          target: agent.port,
          published: String(agent.port),
          host_ip: '${L9_PUBLISH_HOST:-127.0.0.1}',
          protocol: 'tcp',
        },
      ]);
      expect(service.environment).toMatchObject({
        L9_PORT: String(agent.port),
        L9_HOST: '0.0.0.0',
        L9_PACKET_AUTH: 'required',
        L9_ANCHORS_FILE: '/etc/l9/anchors/anchors.jwks.json',
      });
      expect(service.environment['L9_PACKET_SECRET']).toMatch(/^\$\{L9_PACKET_SECRET:\?/);
      expect(service.environment['L9_AUDIT_KEY']).toMatch(new RegExp(`^\\$\\{L9_AUDIT_KEY_${variable}:\\?`));
      expect(service.environment['L9_AUDIT_SIGNING_KEY']).toMatch(
        new RegExp(`^\\$\\{L9_AUDIT_SIGNING_KEY_${variable}:\\?`),
      );
      expect(service.environment['L9_AGENT_SIGNING_KEY']).toMatch(
        new RegExp(`^\\$\\{L9_AGENT_SIGNING_KEY_${variable}:\\?`),
      );
      expect(service.environment['L9_REDIS_URL']).toMatch(
        /^redis:\/\/:\$\{L9_REDIS_PASSWORD:\?[^}]*\}@redis:6379$/,
      );
      expect(service.environment['L9_POSTGRES_URL']).toMatch(
        /^postgres:\/\/postgres:\$\{L9_POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/l9$/,
      );
      expect(service.volumes).toEqual(['../anchors.jwks.json:/etc/l9/anchors/anchors.jwks.json:ro']);
      expect(service.working_dir).toBe(`/workspace/agents/${agent.id}`);
      expect(service.command).toEqual([...AGENT_COMMAND]);
      expect([service.user, service.read_only, service.cap_drop, service.security_opt]).toEqual([
        '1000:1000',
        true,
        ['ALL'],
        ['no-new-privileges:true'],
      ]);
    }
  });

  it('orders services by the hard dependencies and points each peer variable at the peer’s service and port', () => {
    for (const agent of plan.agents) {
      const service = compose.services[agent.id]!;
      expect(Object.keys(service.depends_on)).toEqual(['postgres', 'redis', ...hardIds(agent)].sort());
      expect(Object.values(service.depends_on).every((d) => d.condition === 'service_healthy')).toBe(true);
      expect(peerVars(service.environment)).toEqual(peerIds(agent).map(varOf).sort());
      for (const peer of peerIds(agent))
        expect(service.environment[varOf(peer)]).toBe(
          `http://${peer}:${plan.agents.find((a) => a.id === peer)!.port}`,
        );
    }
  });

  it('checks each agent’s health on /<prefix>/health at its port', () => {
    for (const agent of plan.agents) {
      expect(compose.services[agent.id]!.healthcheck.test.join(' ')).toContain(
        `http://127.0.0.1:${agent.port}/${agent.route_prefix}/health`,
      );
    }
  });
});

describe('Kubernetes manifests of the example', () => {
  type Peer = { podSelector: { matchLabels: Record<string, string> }; namespaceSelector?: unknown };
  type SecretKeyRef = { name: string; key: string; optional?: boolean };
  type Doc = {
    apiVersion: string;
    kind: string;
    metadata: { name: string; annotations?: Record<string, string> };
    data?: Record<string, string>;
    // Four kinds of manifest read by path in assertions, where a wrong path fails the assertion itself.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    spec?: any;
  };
  const docsOf = (id: string) =>
    parseAllDocuments(readFileSync(join(deployDir, 'kubernetes', `${id}.yaml`), 'utf8')).map(
      (d) => d.toJS() as Doc,
    );
  const dependentsOf = (id: string) =>
    plan.agents
      .filter((a) => peerIds(a).includes(id))
      .map((a) => a.id)
      .sort();
  const agents = plan.agents.map((a) => [a.id, a] as const);

  it.each(agents)('%s: every document is valid for Kubernetes’ own schemas', (id) => {
    const docs = docsOf(id);
    expect(docs.map((d) => d.kind)).toEqual([
      'ConfigMap',
      'Deployment',
      'Service',
      'NetworkPolicy',
      'PodDisruptionBudget',
    ]);
    expect(docs.map((d) => [d.kind, kubernetesSchemaProblem(d)])).toEqual(docs.map((d) => [d.kind, null]));
  });

  it('checks with the schemas for real: a wrong type is refused', () => {
    const [, deployment] = docsOf('tensoraios');
    const broken = structuredClone(deployment!);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eight thousand';
    expect(kubernetesSchemaProblem(broken)).toMatch(/containerPort must be integer/);
  });

  it.each(agents)(
    '%s: takes every secret from Secrets, requires packet auth and runs locked down',
    (id, agent) => {
      const [config, deployment, service] = docsOf(id) as [Doc, Doc, Doc];
      expect(config.data).toMatchObject({
        L9_PORT: String(agent.port),
        L9_HOST: '0.0.0.0',
        L9_PACKET_AUTH: 'required',
        L9_ANCHORS_FILE: '/etc/l9/anchors/anchors.jwks.json',
        L9_AUDIT_SIGNING_KEY_FILE: '/etc/l9/keys/audit-signing-key.pem',
        L9_AGENT_SIGNING_KEY_FILE: '/etc/l9/keys/agent-signing-key.pem',
        L9_PUBLIC_URL: `http://${id}:${agent.port}`,
      });
      expect(
        Object.keys(config.data!).filter(
          (key) =>
            /SECRET|KEY$|PASSWORD|_URL$/.test(key) && !key.startsWith('L9_PEER_') && key !== 'L9_PUBLIC_URL',
        ),
      ).toEqual([]);
      expect(peerVars(config.data!)).toEqual(peerIds(agent).map(varOf).sort());
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      const fromSecret = Object.fromEntries(
        container.env.map((e: { name: string; valueFrom: { secretKeyRef: SecretKeyRef } }) => [
          e.name,
          `${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}${e.valueFrom.secretKeyRef.optional ? '?' : ''}`,
        ]),
      );
      expect(fromSecret).toEqual({
        L9_PACKET_SECRET: 'tensoraios-ecosystem-shared/packet-secret',
        L9_POSTGRES_URL: 'tensoraios-ecosystem-shared/postgres-url',
        L9_REDIS_URL: 'tensoraios-ecosystem-shared/redis-url',
        L9_AUDIT_KEY: `${id}-keys/audit-key`,
        L9_GOVERNANCE_WEBHOOK_URL: 'tensoraios-ecosystem-shared/governance-webhook-url?',
        L9_GOVERNANCE_WEBHOOK_SECRET: 'tensoraios-ecosystem-shared/governance-webhook-secret?',
      });
      expect(
        pod.volumes
          .filter((v: { secret?: { secretName: string } }) => v.secret)
          .map((v: { secret: { secretName: string } }) => v.secret.secretName)
          .sort(),
      ).toEqual([`${id}-keys`, 'tensoraios-ecosystem-anchors'].sort());
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
      }
      expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
      expect(container.command).toEqual([...AGENT_COMMAND]);
      expect(container.ports).toEqual([{ name: 'http', containerPort: agent.port, protocol: 'TCP' }]);
      expect(container.livenessProbe.httpGet).toEqual({ path: `/${agent.route_prefix}/live`, port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: `/${agent.route_prefix}/live`, port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({
        path: `/${agent.route_prefix}/health`,
        port: 'http',
      });
      expect(deployment.metadata.annotations!['l9.dev/depends-on'].split(',').filter(Boolean).sort()).toEqual(
        hardIds(agent),
      );
      const waits: string = pod.initContainers?.[0]?.env[0].value ?? '';
      expect(waits.split(' ').filter(Boolean).length).toBe(hardIds(agent).length);
      expect(service.spec.ports).toEqual([
        { name: 'http', protocol: 'TCP', port: agent.port, targetPort: 'http' },
      ]);
      expect(service.metadata.name).toBe(id);
    },
  );

  it('makes the agents nothing depends on the entry points (TensorAIOS: PlastOSAdapter and TensorAuditor)', () => {
    const entries = plan.agents
      .filter((a) => dependentsOf(a.id).length === 0)
      .map((a) => a.id)
      .sort();
    expect(entries).toEqual(['plastos-adapter', 'tensor-auditor']);
    for (const agent of plan.agents)
      expect(docsOf(agent.id)[1]!.metadata.annotations!['l9.dev/entry-point']).toBe(
        String(entries.includes(agent.id)),
      );
  });

  it.each(agents)(
    '%s: its NetworkPolicy admits only its dependents (anyone, for an entry point) and reaches only its dependencies, backends and DNS',
    (id, agent) => {
      const policy = docsOf(id)[3]!;
      const namesIn = (peers: Peer[]) =>
        peers.map((p) => p.podSelector.matchLabels['app.kubernetes.io/name']).sort();
      expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': id });
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      const dependents = dependentsOf(id);
      expect(policy.spec.ingress).toHaveLength(1);
      expect(policy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: agent.port }]);
      if (dependents.length === 0) expect(policy.spec.ingress[0].from).toBeUndefined();
      else expect(namesIn(policy.spec.ingress[0].from)).toEqual(dependents);
      const byPort = new Map(plan.agents.map((a) => [a.id, a.port]));
      const egress: Array<{ to?: Peer[]; ports?: unknown }> = policy.spec.egress;
      const toAgents = egress.filter(
        (rule) => rule.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'],
      );
      expect(toAgents.map((rule) => [namesIn(rule.to!)[0], rule.ports]).sort()).toEqual(
        peerIds(agent).map((peer) => [peer, [{ protocol: 'TCP', port: byPort.get(peer) }]]),
      );
      expect(egress.filter((rule) => !rule.to)).toEqual([
        {
          ports: [
            { protocol: 'TCP', port: 5432 },
            { protocol: 'TCP', port: 6379 },
          ],
        },
      ]);
      const dns = egress.filter((rule) => rule.to?.[0]?.namespaceSelector);
      expect(dns).toEqual([
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
      ]);
      expect(egress).toHaveLength(toAgents.length + 2);
    },
  );

  it.each(agents)(
    '%s: a PodDisruptionBudget over its pods that never blocks a drain of its single replica',
    (id) => {
      const budget = docsOf(id)[4]!;
      expect(budget.spec).toEqual({
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: { matchLabels: { 'app.kubernetes.io/name': id } },
      });
    },
  );
});

describe('the local deployment script of the example', () => {
  const script = join(deployDir, 'deploy_tensoraios_ecosystem.sh');

  it('is executable bash with strict mode that lists the plan’s agents in wave order', () => {
    expect(statSync(script).mode & 0o111).not.toBe(0);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('set -euo pipefail');
    execFileSync('bash', ['-n', script]);
    const listed = [...text.matchAll(/^# {3}wave (\d)\s+(\S+)\s+:(\d+)/gm)].map((m) => [
      Number(m[1]) - 1,
      m[2],
      Number(m[3]),
    ]);
    expect(listed).toEqual(plan.agents.map((a) => [a.wave, a.name, a.port]));
  });

  it('runs the deploy command: with nothing deployed, --status says so and --stop succeeds, both exiting 0; a usage mistake exits 1', () => {
    const status = spawnSync('bash', [script, '--status'], { encoding: 'utf8' });
    expect([status.status, status.stdout]).toEqual([
      0,
      expect.stringContaining('not deployed: no deployment recorded under'),
    ]);
    const stop = spawnSync('bash', [script, '--stop'], { encoding: 'utf8' });
    expect(stop.status).toBe(0);
    const wrong = spawnSync('bash', [script, '--port-base'], { encoding: 'utf8' });
    expect([wrong.status, wrong.stderr]).toEqual([1, expect.stringContaining('--port-base needs a value')]);
  });
});

describe('the secrets script of the example', () => {
  it('is executable bash with strict mode that runs the secrets command', () => {
    const script = join(deployDir, 'secrets_tensoraios_ecosystem.sh');
    expect(statSync(script).mode & 0o111).not.toBe(0);
    execFileSync('bash', ['-n', script]);
    const usage = spawnSync('bash', [script], { encoding: 'utf8' });
    expect([usage.status, usage.stderr]).toEqual([
      1,
      expect.stringContaining(
        'usage: secrets <ecosystem project> (--compose | --kubernetes [-- kubectl flags])',
      ),
    ]);
  });
});

describe('the image of the example', () => {
  const lines = readFileSync(join(deployDir, 'Dockerfile'), 'utf8').split('\n');
  const runtimeStage = lines.indexOf('FROM node:20-slim');
  const ids = plan.agents.map((a) => a.id);

  it('runs as the numeric non-root user the manifests name, listening on every interface of its container', () => {
    expect(lines.filter((line) => /^(USER|ENV) /.test(line))).toEqual([
      'ENV NODE_ENV=production L9_HOST=0.0.0.0',
      'USER 1000:1000',
    ]);
    expect(lines.findIndex((line) => line.startsWith('USER '))).toBeGreaterThan(runtimeStage);
    expect(lines[2]).toContain(
      'docker build -f agents/tensoraios-ecosystem/deploy/Dockerfile -t l9/tensoraios-ecosystem:local .',
    );
  });

  it('builds in a stage of its own and runs in another, which holds the production dependencies and each agent’s bundle from the build stage', () => {
    expect(lines.filter((line) => line.startsWith('FROM '))).toEqual([
      'FROM node:20-slim AS build',
      'FROM node:20-slim',
    ]);
    const runtime = lines.slice(runtimeStage);
    expect(runtime.filter((line) => line.startsWith('RUN '))).toEqual([
      'RUN npm ci --omit=dev --no-audit --no-fund',
    ]);
    expect(runtime.filter((line) => line.startsWith('COPY --from=build '))).toEqual(
      ids.map((id) => `COPY --from=build /workspace/agents/${id}/.l9/bundle ./agents/${id}/.l9/bundle`),
    );
    // What compose and Kubernetes start: the working directory of each agent holds the bundle copied there.
    expect(AGENT_COMMAND[AGENT_COMMAND.length - 1]!.startsWith('.l9/bundle/')).toBe(true);
    // No bundling of its own: the build stage runs the cached bundle target, nothing else builds agents.
    expect(lines.filter((line) => /esbuild|bundle-main|swc-node/.test(line))).toEqual([]);
  });

  it('its build stage runs the agents’ bundle target after copying the workspace, and what that step builds is what the agents start', () => {
    const copy = lines.indexOf('COPY . .');
    const build = lines.findIndex(
      (line) => line.startsWith('RUN ') && line.includes('nx run-many -t bundle'),
    );
    expect(copy).toBeGreaterThan(0);
    expect([build, lines[build]]).toEqual([
      copy + 1,
      `RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t bundle -p ${ids.join(',')} --outputStyle=static`,
    ]);
    expect(build).toBeLessThan(runtimeStage);
    // The step as the image runs it, from the workspace root (the image's WORKDIR).
    const run = spawnSync('bash', ['-c', lines[build]!.slice('RUN '.length)], {
      cwd: root,
      encoding: 'utf8',
    });
    // Nx colours its summary when it thinks a terminal may show it (CI=true does): compare the text without escapes.
    expect([run.status, stripVTControlCharacters(run.stdout)]).toEqual([
      0,
      expect.stringContaining(`Successfully ran target bundle for ${ids.length} projects`),
    ]);
    // Built (or restored by Nx) from the sources on disk, and the program of each agent.
    expect(() =>
      requireBuiltBundles(
        plan.agents.map((a) => ({ id: a.id, name: a.name, projectRoot: join(root, 'agents', a.id) })),
      ),
    ).not.toThrow();
    // The bundle is built without whitespace (agent-bundle.ts), so none stands between the arguments.
    for (const agent of plan.agents) {
      expect(
        readFileSync(join(root, 'agents', agent.id, AGENT_COMMAND[AGENT_COMMAND.length - 1]!), 'utf8'),
      ).toContain(`runAgentProcess(${JSON.stringify(agent.name)},createAgent)`);
    }
  }, 180_000);

  // After the build step above, so the bundles are there.
  it('every package the bundles leave to node_modules is one the runtime stage installs (not a dev dependency)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly: string[] = [];
    let required = 0;
    for (const id of ids) {
      const bundle = join(root, 'agents', id, AGENT_COMMAND[AGENT_COMMAND.length - 1]!);
      // The imports esbuild left external, as the bundle's record lists them.
      const specifiers = bundleExternals(join(root, 'agents', id));
      // Resolved by Node itself from the bundle's folder, as the agent resolves them (Jest's own resolver differs).
      const resolveScript = `const r = require('node:module').createRequire(process.argv[1]); process.stdout.write(JSON.stringify(process.argv.slice(2).map((s) => r.resolve(s))));`;
      const files = JSON.parse(
        execFileSync(process.execPath, ['-e', resolveScript, bundle, ...specifiers], { encoding: 'utf8' }),
      ) as string[];
      for (const [index, specifier] of specifiers.entries()) {
        const file = files[index]!;
        // The package folder holding that file, named as package-lock.json names it (node_modules/<name>, nested ones too).
        const modules = file.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules${sep}`.length;
        const name = file.slice(modules).split(sep);
        const key = relative(
          root,
          join(file.slice(0, modules), ...name.slice(0, name[0]!.startsWith('@') ? 2 : 1)),
        )
          .split(sep)
          .join('/');
        required += 1;
        if (lock.packages[key]?.dev === true || !lock.packages[key])
          devOnly.push(`${id}: ${specifier} (${key})`);
      }
    }
    expect(required).toBeGreaterThan(0);
    expect(devOnly).toEqual([]);
  });
});
