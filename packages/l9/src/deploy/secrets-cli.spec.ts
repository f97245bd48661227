import { loadAnchorKeys } from '@l9/runtime';
// The runtime's own check of the audit keys an agent starts with (not part of its public API).
import { auditKeysFromEnv } from '../../../runtime/src/audit/audit-keys-from-env';
import { agentSigningKeyFromEnv } from '../../../runtime/src/a2a/agent-signing-key';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { workspaceRoot } from '../testing/reference-inputs';
import { parseEnvFile } from './testing/compose-interpolation';
import { kubernetesSchemaProblem } from './testing/kubernetes-schemas';
import { runSecretsCli } from './secrets-cli';

// A --kubernetes run starts a kubectl stand-in (a node process) per Secret: seven processes, some 10 s on a loaded
// 2-core machine, past Jest's 5 s default.
jest.setTimeout(60_000);

const example = join(workspaceRoot(), 'agents', 'tensoraios-ecosystem');
const agentIds = [
  'tensoraios',
  'main-agent',
  'tensor-training-orchestrator',
  'plastos-adapter',
  'tensor-auditor',
];
let dir: string;
let ecosystem: string;

/** A copy of the example's ecosystem project (plan, anchors file), so nothing is written into the committed one. */
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'l9-secrets-'));
  ecosystem = join(dir, 'tensoraios-ecosystem');
  mkdirSync(ecosystem);
  for (const file of ['plan.lock.json', 'anchors.jwks.json'])
    cpSync(join(example, file), join(ecosystem, file));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSecretsCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { PATH: process.env['PATH'], ...env },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('secrets --compose', () => {
  it('writes a private env file with every variable the compose file requires, which the runtime accepts, and keeps it on a second run', async () => {
    const first = await run([ecosystem, '--compose']);
    const file = join(ecosystem, '.l9', 'secrets', 'compose.env');
    expect([first.code, first.stdout]).toEqual([
      0,
      `wrote ${file} (mode 0600): pass it to docker compose with --env-file\n`,
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const values = parseEnvFile(readFileSync(file, 'utf8'));
    const compose = readFileSync(join(example, 'deploy', 'docker-compose.yml'), 'utf8');
    const required = [...new Set([...compose.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!))].sort();
    expect(Object.keys(values).sort()).toEqual(required);
    for (const id of agentIds) {
      const suffix = id.toUpperCase().replace(/-/g, '_');
      const keys = auditKeysFromEnv(
        {
          L9_AUDIT_KEY: values[`L9_AUDIT_KEY_${suffix}`],
          L9_AUDIT_SIGNING_KEY: values[`L9_AUDIT_SIGNING_KEY_${suffix}`],
        },
        { persistedAt: 'test', packetSecret: values['L9_PACKET_SECRET'], random: () => 'unused' },
      );
      expect(keys.hmacKey).toBe(values[`L9_AUDIT_KEY_${suffix}`]);
    }
    const before = readFileSync(file, 'utf8');
    const second = await run([ecosystem, '--compose']);
    expect([second.code, second.stdout, readFileSync(file, 'utf8')]).toEqual([
      0,
      expect.stringContaining('kept'),
      before,
    ]);
  });
});

/** A stand-in for kubectl on PATH: records each call (arguments and standard input) and answers `get` from a folder of "existing" Secrets. */
function fakeKubectl(): {
  bin: string;
  calls: () => Array<{ args: string[]; input: string }>;
  exists: (name: string) => void;
} {
  const bin = join(dir, 'bin');
  const log = join(dir, 'kubectl.log');
  const existing = join(dir, 'existing');
  mkdirSync(bin);
  mkdirSync(existing);
  writeFileSync(
    join(bin, 'kubectl'),
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      'const args = process.argv.slice(2);',
      "const input = args.includes('-') ? fs.readFileSync(0, 'utf8') : '';",
      `fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, input }) + '\\n');`,
      "if (args[0] === 'get') {",
      `  if (fs.existsSync(${JSON.stringify(existing)} + '/' + args[2])) { process.stdout.write('secret/' + args[2] + '\\n'); process.exit(0); }`,
      "  process.stderr.write('Error from server (NotFound): secrets \"' + args[2] + '\" not found\\n'); process.exit(1);",
      '}',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'kubectl'), 0o755);
  return {
    bin,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { args: string[]; input: string })
        : [],
    exists: (name) => writeFileSync(join(existing, name), ''),
  };
}

describe('secrets --kubernetes', () => {
  const urls = { L9_POSTGRES_URL: 'postgres://l9:pw@postgres:5432/l9', L9_REDIS_URL: 'redis://redis:6379' };

  it('creates every Secret the manifests read, valid for Kubernetes, values on standard input only, and applies the anchors', async () => {
    const kubectl = fakeKubectl();
    const result = await run([ecosystem, '--kubernetes', '--', '--namespace', 'l9'], {
      ...urls,
      PATH: `${kubectl.bin}:${process.env['PATH']}`,
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
    const calls = kubectl.calls();
    for (const call of calls) expect(call.args.slice(-2)).toEqual(['--namespace', 'l9']);
    const created = calls
      .filter((c) => c.args[0] === 'create')
      .map((c) => JSON.parse(c.input) as { metadata: { name: string }; stringData: Record<string, string> });
    expect(created.map((s) => s.metadata.name)).toEqual([
      'tensoraios-ecosystem-shared',
      ...agentIds.map((id) => `${id}-keys`),
    ]);
    for (const manifest of created) expect(kubernetesSchemaProblem(manifest as never)).toBeNull();
    const shared = created[0]!.stringData;
    expect(shared).toMatchObject({ 'postgres-url': urls.L9_POSTGRES_URL, 'redis-url': urls.L9_REDIS_URL });
    for (const audit of created.slice(1)) {
      expect(
        (await agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY: audit.stringData['agent-signing-key.pem'] }))
          .ephemeral,
      ).toBeFalsy();
      expect(
        auditKeysFromEnv(
          {
            L9_AUDIT_KEY: audit.stringData['audit-key'],
            L9_AUDIT_SIGNING_KEY: audit.stringData['audit-signing-key.pem'],
          },
          { persistedAt: 'test', packetSecret: shared['packet-secret'], random: () => 'unused' },
        ).hmacKey,
      ).toBe(audit.stringData['audit-key']);
    }
    // What each Deployment reads from a Secret exists in the Secrets made here.
    const keysOf = new Map(created.map((s) => [s.metadata.name, Object.keys(s.stringData)]));
    const anchors = calls.find((c) => c.args[0] === 'apply')!;
    const anchorsSecret = JSON.parse(anchors.input) as {
      metadata: { name: string };
      stringData: Record<string, string>;
    };
    keysOf.set(anchorsSecret.metadata.name, Object.keys(anchorsSecret.stringData));
    for (const id of agentIds) {
      const deployment = parseAllDocuments(
        readFileSync(join(example, 'deploy', 'kubernetes', `${id}.yaml`), 'utf8'),
      )
        .map((d) => d.toJS())
        .find((d) => d.kind === 'Deployment');
      const pod = deployment.spec.template.spec;
      for (const e of pod.containers[0].env)
        if (!e.valueFrom.secretKeyRef.optional)
          expect(keysOf.get(e.valueFrom.secretKeyRef.name)).toContain(e.valueFrom.secretKeyRef.key);
      for (const v of pod.volumes.filter((volume: { secret?: object }) => volume.secret))
        for (const item of v.secret.items) expect(keysOf.get(v.secret.secretName)).toContain(item.key);
    }
    expect(anchorsSecret.stringData['anchors.jwks.json']).toBe(
      readFileSync(join(ecosystem, 'anchors.jwks.json'), 'utf8'),
    );
    // No secret value on any command line (where `ps` would show it).
    const secretValues = created
      .flatMap((s) => Object.values(s.stringData))
      .filter((v) => !v.includes('://'));
    for (const call of calls)
      for (const value of secretValues) expect(call.args.join(' ')).not.toContain(value);
  });

  it('keeps a Secret that exists: an audit key once used is never replaced', async () => {
    const kubectl = fakeKubectl();
    kubectl.exists('main-agent-keys');
    kubectl.exists('tensoraios-ecosystem-shared');
    const result = await run([ecosystem, '--kubernetes'], {
      ...urls,
      PATH: `${kubectl.bin}:${process.env['PATH']}`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'kept secret/main-agent-keys (it exists; delete it first to replace its keys)',
    );
    const created = kubectl
      .calls()
      .filter((c) => c.args[0] === 'create')
      .map((c) => (JSON.parse(c.input) as { metadata: { name: string } }).metadata.name);
    expect(created).toEqual(agentIds.filter((id) => id !== 'main-agent').map((id) => `${id}-keys`));
  });

  it('names the backend URLs it needs, and says when kubectl cannot be run, creating nothing', async () => {
    const kubectl = fakeKubectl();
    const missing = await run([ecosystem, '--kubernetes'], {
      L9_REDIS_URL: urls.L9_REDIS_URL,
      PATH: `${kubectl.bin}:${process.env['PATH']}`,
    });
    expect([missing.code, missing.stderr]).toEqual([
      1,
      expect.stringMatching(
        /^L9_POSTGRES_URL must be set to the URL the agents reach it at from inside the cluster/,
      ),
    ]);
    expect(kubectl.calls()).toEqual([]);
    const noKubectl = await run([ecosystem, '--kubernetes'], { ...urls, PATH: join(dir, 'nowhere') });
    expect([noKubectl.code, noKubectl.stderr]).toEqual([
      1,
      'cannot run kubectl (ENOENT): install it and point it at the cluster first\n',
    ]);
  });

  it('answers a usage mistake with one line saying what is wrong, then the usage', async () => {
    const mistakes: Array<[string[], string]> = [
      [[ecosystem], 'give one of --compose and --kubernetes'],
      [[ecosystem, '--compose', '--kubernetes'], 'give one of --compose and --kubernetes'],
      [[ecosystem, '--both'], 'unknown option --both'],
      [[ecosystem, '--compose=yes'], '--compose takes no value'],
      [
        [ecosystem, '--compose', '--', '-n', 'x'],
        'flags after -- go to kubectl, which --compose does not run',
      ],
      [['--compose'], 'which ecosystem project?'],
      [[ecosystem, 'other', '--compose'], `one ecosystem project at a time, got ${ecosystem} other`],
    ];
    for (const [argv, problem] of mistakes) {
      const result = await run(argv);
      expect([result.code, ...result.stderr.split('\n').slice(0, 2)]).toEqual([
        1,
        problem,
        'usage: secrets <ecosystem project> (--compose | --kubernetes [-- kubectl flags])',
      ]);
    }
  });
});

describe('the anchors file the Secret carries', () => {
  it('is the ecosystem file the runtime reads (a JWK Set)', () => {
    const file = join(example, 'anchors.jwks.json');
    expect(() => loadAnchorKeys(file)).not.toThrow();
    expect(parse(readFileSync(file, 'utf8'))).toHaveProperty('keys');
  });
});
