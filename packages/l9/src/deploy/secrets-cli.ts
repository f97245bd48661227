import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCommandLine } from '../command-line';
import { renderComposeEnvFile } from './compose-env-file';
import { DeployError, readLockedPlan } from './deployment-plan';
import { anchorsSecret, kubernetesSecrets, type SecretManifest } from './kubernetes-secrets';
import { COMPOSE_ENV_FILE } from './secret-layout';

export interface SecretsCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

const USAGE = `usage: secrets <ecosystem project> (--compose | --kubernetes [-- kubectl flags])
  --compose     write <ecosystem project>/${COMPOSE_ENV_FILE} (mode 0600), the env file of docker compose; one that exists is kept
  --kubernetes  create the Secrets the manifests read, each only if it does not exist yet (no key is ever replaced), and
                apply <ecosystem>-anchors from anchors.jwks.json (run it again after adding an anchor's key). Needs
                L9_POSTGRES_URL and L9_REDIS_URL as the agents reach them inside the cluster; flags after -- (such as
                --namespace l9) go to every kubectl call`;

function kubectl(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): { code: number; stdout: string; stderr: string } {
  const run = spawnSync('kubectl', args, { input, env, encoding: 'utf8' });
  if (run.error)
    throw new DeployError(
      `cannot run kubectl (${(run.error as NodeJS.ErrnoException).code ?? run.error.message}): install it and point it at the cluster first`,
    );
  return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

/** Creates each Secret that does not exist yet; the values travel on kubectl's standard input, never its command line. */
function createSecrets(
  ecosystemRoot: string,
  flags: readonly string[],
  io: SecretsCliIo,
  env: NodeJS.ProcessEnv,
): void {
  const plan = readLockedPlan(ecosystemRoot);
  const ecosystemId = ecosystemRoot.split(/[\\/]/).pop()!;
  const wanted = kubernetesSecrets(
    ecosystemId,
    plan.agents.map((a) => a.id),
    env,
  );
  const send = (verb: 'create' | 'apply', manifest: SecretManifest) => {
    const run = kubectl([verb, '-f', '-', ...flags], env, JSON.stringify(manifest));
    if (run.code !== 0)
      throw new DeployError(`kubectl ${verb} secret/${manifest.metadata.name} failed: ${run.stderr.trim()}`);
  };
  for (const manifest of wanted) {
    const name = manifest.metadata.name;
    const found = kubectl(['get', 'secret', name, '-o', 'name', ...flags], env);
    if (found.code === 0) {
      io.stdout(`kept secret/${name} (it exists; delete it first to replace its keys)\n`);
      continue;
    }
    if (!/NotFound|not found/.test(found.stderr))
      throw new DeployError(`kubectl get secret/${name} failed: ${found.stderr.trim()}`);
    send('create', manifest);
    io.stdout(`created secret/${name}\n`);
  }
  // Public keys only, and they change when an anchor is added: always the file as it is now.
  const anchors = anchorsSecret(ecosystemId, ecosystemRoot);
  send('apply', anchors);
  io.stdout(`applied secret/${anchors.metadata.name} from anchors.jwks.json\n`);
}

function writeComposeEnv(ecosystemRoot: string, io: SecretsCliIo): void {
  const path = join(ecosystemRoot, COMPOSE_ENV_FILE);
  if (existsSync(path)) {
    io.stdout(`kept ${path} (it exists; its keys verify the audit logs already written)\n`);
    return;
  }
  const plan = readLockedPlan(ecosystemRoot);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(
    path,
    renderComposeEnvFile(
      ecosystemRoot.split(/[\\/]/).pop()!,
      plan.agents.map((a) => a.id),
    ),
    { mode: 0o600, flag: 'wx' },
  );
  chmodSync(path, 0o600);
  io.stdout(`wrote ${path} (mode 0600): pass it to docker compose with --env-file\n`);
}

interface SecretsArgs {
  ecosystem: string;
  mode: 'compose' | 'kubernetes';
  /** What follows `--`: kubectl's own flags, passed to every call. */
  kubectlFlags: string[];
}

function parseSecretsArgs(argv: readonly string[]): SecretsArgs {
  const usageError = (problem: string) => new DeployError(`${problem}\n${USAGE}`);
  const dashDash = argv.indexOf('--');
  const own = dashDash < 0 ? argv : argv.slice(0, dashDash);
  const kubectlFlags = dashDash < 0 ? [] : argv.slice(dashDash + 1);
  const { values, positionals } = parseCommandLine(
    own,
    { compose: { type: 'boolean' }, kubernetes: { type: 'boolean' } },
    usageError,
  );
  if (positionals.length !== 1)
    throw usageError(
      positionals.length === 0
        ? 'which ecosystem project?'
        : `one ecosystem project at a time, got ${positionals.join(' ')}`,
    );
  if (values.compose === values.kubernetes) throw usageError('give one of --compose and --kubernetes');
  if (values.compose && kubectlFlags.length > 0)
    throw usageError('flags after -- go to kubectl, which --compose does not run');
  return { ecosystem: positionals[0]!, mode: values.compose ? 'compose' : 'kubernetes', kubectlFlags };
}

/** The command behind the generated `secrets_<ecosystem>.sh`; resolves to the exit code. */
export async function runSecretsCli(argv: readonly string[], io: SecretsCliIo): Promise<number> {
  try {
    const args = parseSecretsArgs(argv);
    const root = resolve(args.ecosystem);
    const env = io.env ?? process.env;
    if (args.mode === 'compose') writeComposeEnv(root, io);
    else createSecrets(root, args.kubectlFlags, io, env);
    return 0;
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
}
