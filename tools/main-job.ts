/**
 * The main job (`npm start`): on a fresh clone after `npm ci`, checks that the example ecosystem is exactly
 * what the generator produces, verifies every agent, writes the evidence report, builds the agents' bundles
 * with the cached bundle target, deploys the five agents from them
 * locally on embedded backends with packet auth required and a local secret set (see localSecrets), sends one envelope along PlastOSAdapter → MainAgent → TensorAIOS, prints the
 * status table and writes `dist/l9/main-job.json`; then stops the agents (`--keep` leaves them running until
 * Ctrl-C). Exit 0 only when every step passed, every agent answered /health and the path held.
 *
 * Run: npm start [-- --keep] [-- --port-base N] [-- --summary path.json]
 */
import { join, relative, resolve } from 'node:path';
import {
  deploymentPlan,
  localSecrets,
  readLockedPlan,
  recordDeployment,
  refuseSecondDeployment,
  removeDeployState,
  renderCurlLines,
  renderStatusTable,
  resolvePortBase,
  startDeployment,
  nextStopSignal,
  type Deployment,
} from '../packages/l9/src/deploy';
import { parseCommandLine } from '../packages/l9/src/command-line';
import { calmSignals } from './main-job/calm-signals';
import { runCommand, tail, timed, type StepResult } from './main-job/run-step';
import { sendThroughPath, type PathResult } from './main-job/send-through-path';
import { agentRows, writeSummary, type MainJobSummary } from './main-job/summary';

const root = join(__dirname, '..');
const ECOSYSTEM = 'tensoraios-ecosystem';
const SCHEMAS = 'templates/examples/tensoraios-ecosystem.md,templates/examples/main-agent.yaml';
const PATH = ['plastos-adapter', 'main-agent', 'tensoraios'];
const REPORT = `dist/l9/${ECOSYSTEM}/evidence/evidence_report.md`;

const USAGE = 'usage: npm start [-- --keep] [-- --port-base N] [-- --summary path.json]';
function commandLine() {
  try {
    const { values, positionals } = parseCommandLine(
      process.argv.slice(2),
      { keep: { type: 'boolean' }, 'port-base': { type: 'string' }, summary: { type: 'string' } },
      (problem) => new Error(problem),
    );
    if (positionals.length > 0) throw new Error(`unknown argument '${positionals[0]}'`);
    return values;
  } catch (error) {
    process.stderr.write(`main job: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(1);
  }
}

const args = commandLine();
const keep = args.keep === true;
const summaryPath = resolve(root, args.summary ?? 'dist/l9/main-job.json');
const logDir = join(root, 'dist', 'l9', 'main-job');
const say = (text: string) => process.stdout.write(`${text}\n`);
const nxEnv = { ...process.env, NX_DAEMON: process.env['NX_DAEMON'] ?? 'false', NX_NO_CLOUD: 'true' };
/** The agents run on embedded backends whatever the shell has set: the main job must work on a bare machine. */
const embeddedEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !['L9_REDIS_URL', 'L9_POSTGRES_URL', 'L9_NEO4J_URL'].includes(key),
  ),
);

const nx = (name: string, nxArgs: string[]) =>
  runCommand(root, logDir, name, [require.resolve('nx/bin/nx.js'), ...nxArgs], nxEnv);

function report(result: StepResult): StepResult {
  const step = result.log ? { ...result, log: relative(root, result.log) } : result;
  say(
    `${step.ok ? 'ok  ' : 'FAIL'} ${step.name.padEnd(10)} ${String(step.seconds).padStart(6)} s  ${step.detail}${step.log ? `  (${step.log})` : ''}`,
  );
  return step;
}

async function checks(): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  steps.push(
    report(
      await timed('generate', async () => {
        const run = await nx('generate', [
          'g',
          'l9:ecosystem',
          `--schema=${SCHEMAS}`,
          '--no-interactive',
          '--dry-run',
        ]);
        const changes = run.output.split('\n').filter((line) => /^(CREATE|UPDATE|DELETE) /.test(line));
        if (run.code !== 0)
          return { ok: false, detail: `l9:ecosystem failed:\n${tail(run.output)}`, log: run.log };
        return changes.length === 0
          ? {
              ok: true,
              detail: 'agents/ is exactly what l9:ecosystem generates (dry run, no change)',
              log: run.log,
            }
          : {
              ok: false,
              detail: `agents/ differs from what l9:ecosystem generates:\n${changes.join('\n')}`,
              log: run.log,
            };
      }),
    ),
  );
  steps.push(
    report(
      await timed('verify', async () => {
        const run = await nx('verify', ['run-many', '-t', 'verify', '--outputStyle=static']);
        const line = run.output
          .split('\n')
          .find((l) => /Successfully ran target verify/.test(l))
          ?.trim();
        return {
          ok: run.code === 0,
          detail:
            run.code === 0
              ? (line ?? 'verify passed').replace(/^NX\s+/, '')
              : `verify failed:\n${tail(run.output)}`,
          log: run.log,
        };
      }),
    ),
  );
  steps.push(
    report(
      await timed('evidence', async () => {
        const run = await nx('evidence', ['run', `${ECOSYSTEM}:evidence`, '--outputStyle=static']);
        const line = run.output.split('\n').find((l) => l.startsWith(`evidence ${ECOSYSTEM}:`));
        return {
          ok: run.code === 0,
          detail: run.code === 0 ? (line ?? 'evidence written') : `evidence failed:\n${tail(run.output)}`,
          log: run.log,
        };
      }),
    ),
  );
  steps.push(
    report(
      await timed('bundle', async () => {
        // The agents start from what the cached bundle target built (the evidence step's integration run built it already).
        const run = await nx('bundle', [
          'run-many',
          '-t',
          'bundle',
          '-p',
          agentIds().join(','),
          '--outputStyle=static',
        ]);
        const line = run.output
          .split('\n')
          .find((l) => /Successfully ran target bundle/.test(l))
          ?.trim();
        return {
          ok: run.code === 0,
          detail:
            run.code === 0
              ? (line ?? 'bundles built').replace(/^NX\s+/, '')
              : `bundle failed:\n${tail(run.output)}`,
          log: run.log,
        };
      }),
    ),
  );
  return steps;
}

/** The example's agent projects, in plan order. */
function agentIds(): string[] {
  return readLockedPlan(join(root, 'agents', ECOSYSTEM)).agents.map((a) => a.id);
}

async function main(): Promise<number> {
  const summary: MainJobSummary = {
    format: 'l9/main-job@1',
    ok: false,
    ecosystem: ECOSYSTEM,
    steps: [],
    agents: [],
    path: null,
    report: null,
    kept_running: false,
  };
  say(
    `L9 main job: ${ECOSYSTEM} — check, verify, evidence, deploy, one envelope along ${PATH.join(' → ')}\n`,
  );
  summary.steps = await checks();
  if (summary.steps.find((s) => s.name === 'evidence')?.ok) summary.report = REPORT;
  const ecosystemRoot = join(root, 'agents', ECOSYSTEM);
  const locked = readLockedPlan(ecosystemRoot);
  const plan = deploymentPlan(locked, ecosystemRoot, resolvePortBase(locked, args['port-base'], process.env));
  // The settings of every deployment: packet auth required, audit and anchor keys (a local set, said so).
  const secrets = localSecrets(
    ecosystemRoot,
    plan.agents.map((a) => a.id),
    embeddedEnv,
    root,
  );
  let deployment: Deployment | undefined;
  const signals = nextStopSignal();
  try {
    const deployStep = report(
      await timed('deploy', async () => {
        refuseSecondDeployment(ecosystemRoot);
        for (const note of secrets.notes) say(`     ${note}`);
        deployment = await startDeployment({
          plan,
          env: embeddedEnv,
          secrets,
          signal: signals.abort,
          bundleTarget: 'bundle',
        });
        return {
          ok: true,
          detail: `${plan.agents.length} agents in ${plan.waves.length} waves on ports ${plan.agents[0]!.port}–${plan.agents.at(-1)!.port}, embedded backends, packet auth required`,
        };
      }),
    );
    summary.steps.push(deployStep);
    let path: PathResult | null = null;
    if (deployment) {
      const pathStep = report(
        await timed('path', async () => {
          path = await sendThroughPath(
            plan.agents,
            PATH,
            'tensor-scorer',
            { candidates: [{ id: 'c-1', features: [0.2, 0.7] }], ...calmSignals(join(root, 'agents'), PATH) },
            secrets.packetSecret,
          );
          const detail = path.ok
            ? `${path.routed_path.join(' → ')}: ${path.status} ${path.packet_type}, trace ${path.trace_id}`
            : `${PATH.join(' → ')} failed: ${path.error ?? JSON.stringify(path.answer)}`;
          return { ok: path.ok, detail };
        }),
      );
      summary.steps.push(pathStep);
      summary.path = path;
      const statuses = await deployment.status();
      summary.agents = agentRows(statuses);
      say(`\n${renderStatusTable(statuses)}\n\n${renderCurlLines(statuses)}\n`);
    }
    summary.ok =
      summary.steps.every((s) => s.ok) &&
      summary.agents.length === plan.agents.length &&
      summary.agents.every((a) => a.health === 'ok');
    summary.kept_running = keep && deployment !== undefined;
    writeSummary(summaryPath, summary);
    if (summary.report) say(`evidence report: ${summary.report}`);
    say(`summary: ${relative(root, summaryPath)}\n${summary.ok ? 'main job passed' : 'main job FAILED'}`);
    if (deployment && keep) {
      recordDeployment(deployment);
      say(
        `agents keep running: Ctrl-C or agents/${ECOSYSTEM}/deploy/deploy_${ECOSYSTEM.replace(/-/g, '_')}.sh --stop stops them`,
      );
      await signals.stopped;
      removeDeployState(ecosystemRoot);
    }
  } finally {
    signals.dispose();
    if (deployment) {
      await deployment.stop();
      say(`stopped ${deployment.processes.length} agents`);
    }
  }
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`main job failed: ${error.message}\n`);
    process.exitCode = 1;
  },
);
