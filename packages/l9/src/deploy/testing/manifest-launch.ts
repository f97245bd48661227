import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { IMAGE_WORKSPACE } from '../agent-entry';
import { interpolateDocument } from './compose-interpolation';

/** How one container starts: its command, working directory and environment, as the orchestrator would give them. */
export interface Launch {
  command: string[];
  cwd: string;
  env: Record<string, string>;
}

/** What the image's Dockerfile sets for every container (its ENV line). */
export const IMAGE_ENV = { NODE_ENV: 'production', L9_HOST: '0.0.0.0' };

/** Image paths of the workspace, as this machine has them. */
const onThisMachine = (path: string, workspace: string): string =>
  path.startsWith(`${IMAGE_WORKSPACE}/`) ? join(workspace, path.slice(IMAGE_WORKSPACE.length + 1)) : path;

/**
 * The launch of an agent's Kubernetes Deployment: its ConfigMap (envFrom), its env with each secretKeyRef read
 * from `secrets` (name → key → value; a missing optional key is left out as Kubernetes does), and its Secret
 * volumes written under `mounts` with every variable that points into a mount rewritten to the copy.
 */
export function kubernetesLaunch(
  manifestText: string,
  secrets: Record<string, Record<string, string>>,
  workspace: string,
  mounts: string,
): Launch {
  const docs = parseAllDocuments(manifestText).map((d) => d.toJS());
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  const env: Record<string, string> = { ...IMAGE_ENV };
  for (const source of container.envFrom ?? [])
    Object.assign(
      env,
      docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === source.configMapRef.name).data,
    );
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) env[entry.name] = entry.value;
    const ref = entry.valueFrom?.secretKeyRef;
    if (!ref) continue;
    const value = secrets[ref.name]?.[ref.key];
    if (value === undefined && !ref.optional)
      throw new Error(`${entry.name}: the test Secret ${ref.name} has no key ${ref.key}`);
    if (value !== undefined) env[entry.name] = value;
  }
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
    if (!volume.secret) continue;
    const dir = join(mounts, mount.name);
    mkdirSync(dir, { recursive: true });
    for (const item of volume.secret.items) {
      const value = secrets[volume.secret.secretName]?.[item.key];
      if (value === undefined)
        throw new Error(
          `volume ${mount.name}: the test Secret ${volume.secret.secretName} has no key ${item.key}`,
        );
      writeFileSync(join(dir, item.path), value, { mode: 0o600 });
    }
    for (const [name, value] of Object.entries(env))
      if (value.startsWith(`${mount.mountPath}/`))
        env[name] = join(dir, value.slice(mount.mountPath.length + 1));
  }
  return { command: container.command, cwd: onThisMachine(container.workingDir, workspace), env };
}

/**
 * The launch of an agent's compose service: the file interpolated with `envFile` values (as `--env-file`),
 * its environment, and bind mounts of files (relative to the compose file's folder) rewritten to where they are.
 */
export function composeLaunch(
  composeText: string,
  service: string,
  envFile: Record<string, string>,
  workspace: string,
  composeDir: string,
  replaceMount: (source: string) => string,
): Launch {
  const compose = interpolateDocument(
    parse(composeText) as {
      services: Record<
        string,
        { command: string[]; working_dir: string; environment: Record<string, string>; volumes?: string[] }
      >;
    },
    envFile,
  );
  const spec = compose.services[service]!;
  const env: Record<string, string> = { ...IMAGE_ENV, ...spec.environment };
  for (const volume of spec.volumes ?? []) {
    const [source, target] = volume.split(':');
    if (!source!.startsWith('.')) continue;
    const local = replaceMount(join(composeDir, source!));
    for (const [name, value] of Object.entries(env)) if (value === target) env[name] = local;
  }
  return { command: spec.command, cwd: onThisMachine(spec.working_dir, workspace), env };
}

/**
 * Maps the cluster's names to this machine: every backend URL whose host is `postgres` or `redis` becomes the
 * local service's, every peer URL `http://<agent>:<port>` the local port of that agent, and the agent itself
 * listens on loopback at its local port. Everything else stays as the manifest set it.
 */
export function onLoopback(
  launch: Launch,
  ports: Map<string, number>,
  agentId: string,
  backends: { postgres: string; redis: string },
  privateEnv: Record<string, string>,
): Launch {
  const env = { ...launch.env, ...privateEnv };
  for (const [name, value] of Object.entries(env)) {
    const url = /^[a-z]+:\/\/(?:[^@/]*@)?([a-z0-9-]+):(\d+)/.exec(value);
    if (!url) continue;
    if (url[1] === 'postgres' && name === 'L9_POSTGRES_URL') env[name] = backends.postgres;
    else if (url[1] === 'redis' && name === 'L9_REDIS_URL') env[name] = backends.redis;
    else if (ports.has(url[1]!))
      env[name] = value.replace(`${url[1]}:${url[2]}`, `127.0.0.1:${ports.get(url[1]!)}`);
  }
  env['L9_PORT'] = String(ports.get(agentId));
  env['L9_HOST'] = '127.0.0.1';
  return { ...launch, env };
}
