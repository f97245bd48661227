import { createEnvelope, throwawayAnchors } from '@l9/runtime';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { serviceUrl } from '../../../runtime/src/testing/service-urls';
import { workspaceRoot } from '../testing/reference-inputs';
import { bundleAgents } from './agent-bundle';
import { renderComposeEnvFile } from './compose-env-file';
import { kubernetesSecrets, anchorsSecret } from './kubernetes-secrets';
import type { LockedPlan } from '../plan';
import { parseEnvFile } from './testing/compose-interpolation';
import { freePorts } from '@l9/runtime/shared';
import { composeLaunch, kubernetesLaunch, onLoopback, type Launch } from './testing/manifest-launch';
import { waitUntilReady } from './health-wait';
import { stopProcesses } from './stop-processes';
import { startProcess, type SupervisedProcess } from './supervised-process';

const postgres = serviceUrl('postgres');
const redis = serviceUrl('redis');
const root = workspaceRoot();
const ecosystemRoot = join(root, 'agents', 'tensoraios-ecosystem');
const deployDir = join(ecosystemRoot, 'deploy');
const plan = JSON.parse(readFileSync(join(ecosystemRoot, 'plan.lock.json'), 'utf8')) as LockedPlan;
const ecosystemAnchors = (
  JSON.parse(readFileSync(join(ecosystemRoot, 'anchors.jwks.json'), 'utf8')) as { anchors: string[] }
).anchors;

interface Started extends SupervisedProcess {
  id: string;
}

function start(id: string, launch: Launch, logDir: string): Started {
  const [command, ...args] = launch.command;
  // The image's `node` is this machine's (startProcess runs it); everything else is what the manifest gives the container.
  if (command !== 'node') throw new Error(`${id}: the manifest starts ${command}, not node`);
  return Object.assign(
    startProcess({ args, cwd: launch.cwd, env: launch.env, logFile: join(logDir, `${id}.log`) }),
    { id },
  );
}

/** Polls the readiness probe's path until it answers 200; an exit or the bound ends it with what the agent wrote. */
function ready(agent: Started, url: string): Promise<void> {
  return waitUntilReady(
    agent,
    () =>
      fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (r) => ({ ready: r.status === 200, detail: `answered ${r.status}` }),
        (error: Error) => ({ ready: false, detail: error.message }),
      ),
    {
      deadline: Date.now() + 60_000,
      what: agent.id,
      awaiting: `answering 200 on ${url}`,
      notReady: `never answered 200 on ${url}`,
    },
  );
}

if (postgres && redis) {
  describe('every agent of the example, started exactly as its deployment file starts it', () => {
    const run = randomBytes(5).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'l9-deployment-start-'));
    // A private PostgreSQL schema prefix and Redis stream prefix per run, dropped afterwards: the shared services stay clean.
    const privateEnv = (mode: string) => ({
      L9_PG_SCHEMA_PREFIX: `l9_deploy_${mode}_${run}`,
      L9_STREAM_PREFIX: `l9test:deploy:${mode}:${run}:`,
    });
    const anchors = throwawayAnchors(ecosystemAnchors, dir);
    const anchorsText = readFileSync(anchors.env.L9_ANCHORS_FILE, 'utf8');
    const ids = plan.agents.map((a) => a.id);
    let started: Started[] = [];

    beforeAll(async () => {
      // What the image's build step does (see the Dockerfile test), so the containers' command finds its bundle.
      await bundleAgents(ids.map((id) => join(root, 'agents', id)));
    }, 120_000);

    afterEach(async () => {
      await stopProcesses(started);
      started = [];
    });

    afterAll(async () => {
      const pool = new Pool({ connectionString: postgres, max: 1 });
      for (const mode of ['kubernetes', 'compose'])
        for (const schema of ['memory', 'audit', 'governance'])
          await pool.query(
            `DROP SCHEMA IF EXISTS "${privateEnv(mode).L9_PG_SCHEMA_PREFIX}_${schema}" CASCADE`,
          );
      await pool.end();
      const client = new Redis(redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await client.connect();
      const keys = await client.keys(`l9test:deploy:*:${run}:*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Starts the agents wave by wave (as the init containers and depends_on order them), each ready before the next wave. */
    async function startAll(
      launchOf: (id: string, ports: Map<string, number>) => Launch,
    ): Promise<Map<string, number>> {
      const free = await freePorts(ids.length);
      const ports = new Map(ids.map((id, index) => [id, free[index]!]));
      for (const wave of [...new Set(plan.agents.map((a) => a.wave))].sort()) {
        const agents = plan.agents.filter((a) => a.wave === wave);
        const now = agents.map((a) => start(a.id, launchOf(a.id, ports), dir));
        started.push(...now);
        await Promise.all(
          now.map((agent, i) =>
            ready(agent, `http://127.0.0.1:${ports.get(agents[i]!.id)}/${agents[i]!.route_prefix}/health`),
          ),
        );
      }
      return ports;
    }

    async function expectServingLockedDown(ports: Map<string, number>): Promise<void> {
      for (const agent of plan.agents) {
        const base = `http://127.0.0.1:${ports.get(agent.id)}/${agent.route_prefix}`;
        expect([agent.id, (await fetch(`${base}/live`)).status]).toEqual([agent.id, 200]);
        const status = (await (await fetch(`${base}/status`)).json()) as { security: unknown };
        expect([agent.id, status.security]).toEqual([
          agent.id,
          {
            host: '127.0.0.1',
            loopback: true,
            packet_auth: 'required',
            allow_insecure: false,
            insecure: false,
            missing: [],
          },
        ]);
        const envelope = createEnvelope({
          packet_type: 'tensor-scorer',
          source_agent: 'outsider',
          destination_agent: agent.id,
          payload: { candidates: [] },
        });
        const refused = await fetch(`${base}/packets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        });
        expect([agent.id, refused.status]).toEqual([agent.id, 401]);
      }
    }

    const testSecrets = () => {
      const cluster = {
        L9_POSTGRES_URL: 'postgres://l9:cluster-password@postgres:5432/l9',
        L9_REDIS_URL: 'redis://redis:6379',
      };
      const manifests = [
        ...kubernetesSecrets('tensoraios-ecosystem', ids, cluster),
        {
          ...anchorsSecret('tensoraios-ecosystem', ecosystemRoot),
          stringData: { 'anchors.jwks.json': anchorsText },
        },
      ];
      return Object.fromEntries(manifests.map((m) => [m.metadata.name, m.stringData]));
    };

    it('as its Kubernetes Deployment: ConfigMap, a test Secret and its mounts; each becomes ready and refuses an unauthenticated packet', async () => {
      const secrets = testSecrets();
      const ports = await startAll((id, p) =>
        onLoopback(
          kubernetesLaunch(
            readFileSync(join(deployDir, 'kubernetes', `${id}.yaml`), 'utf8'),
            secrets,
            root,
            join(dir, 'mounts', id),
          ),
          p,
          id,
          { postgres, redis },
          privateEnv('kubernetes'),
        ),
      );
      await expectServingLockedDown(ports);
    }, 180_000);

    it('as its compose service, with an env file made by the secrets command', async () => {
      const envFile = parseEnvFile(renderComposeEnvFile('tensoraios-ecosystem', ids));
      const composeText = readFileSync(join(deployDir, 'docker-compose.yml'), 'utf8');
      const mount = (source: string) =>
        source === join(ecosystemRoot, 'anchors.jwks.json') ? anchors.env.L9_ANCHORS_FILE : source;
      const ports = await startAll((id, p) =>
        onLoopback(
          composeLaunch(composeText, id, envFile, root, deployDir, mount),
          p,
          id,
          { postgres, redis },
          privateEnv('compose'),
        ),
      );
      await expectServingLockedDown(ports);
    }, 180_000);

    it('refuses to start on the manifest’s address without its secrets and packet auth, naming what is missing', async () => {
      const launch = kubernetesLaunch(
        readFileSync(join(deployDir, 'kubernetes', 'tensoraios.yaml'), 'utf8'),
        testSecrets(),
        root,
        join(dir, 'mounts', 'refused'),
      );
      const {
        L9_PACKET_SECRET: _secret,
        L9_PACKET_AUTH: _auth,
        L9_AUDIT_KEY: _key,
        ...withoutSecret
      } = launch.env;
      // L9_HOST stays 0.0.0.0 as in the ConfigMap: the agent refuses before it binds anything or opens a backend.
      const agent = start('tensoraios', { ...launch, env: withoutSecret }, dir);
      started.push(agent);
      expect((await agent.exited).code).toBe(1);
      expect(agent.stderr.text()).toMatch(
        /TensorAIOS failed to start: L9_HOST: 0\.0\.0\.0 is reachable from other machines, so this agent does not start without:\n {2}- L9_PACKET_SECRET .*\n {2}- L9_AUDIT_KEY /,
      );
    });
  });
}
