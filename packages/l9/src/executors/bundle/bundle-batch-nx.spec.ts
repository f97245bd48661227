import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { pluginWorkspace } from '../testing/scratch-workspace';

/** Three agents of one ecosystem: its bundle tasks are the three agents' and the ecosystem's host bundle. */
const COLLECTION = [
  '---',
  'title: Bundle Three',
  '---',
  ...[0, 1, 2].flatMap((i) => [
    '```yaml',
    `name: Bundle${i}`,
    `system: Bundle agent ${i}`,
    'role: Scores a synthetic bundle.',
    'depends_on: {hard: []}',
    'governance: {anchors: [Igor], mode: hybrid, escalationpolicy: "Auto-escalate if: confidence < 0.5"}',
    'cursorinstructions:',
    '  generatefiles: [controller.py, scorer.py]',
    '  generatedocs: [README.md]',
    'deployment:',
    `  endpoints: [{name: score, path: /bundle${i}/v1/score, method: POST, timeout_ms: 500}]`,
    '```',
    '',
  ]),
].join('\n');

const BUNDLE_FILES = ['main.js', 'main.js.map', 'sources.json'];

describe('the bundle tasks, as Nx batches them', () => {
  let scratch: ReturnType<typeof pluginWorkspace>;
  let agentsDir: string;
  let ecosystemDir: string;
  const members = ['bundle0', 'bundle1', 'bundle2'];
  const nx = (...args: string[]) => {
    const run = spawnSync(
      process.execPath,
      [require.resolve('nx/bin/nx.js', { paths: [scratch.root] }), ...args],
      {
        cwd: scratch.root,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    // Under FORCE_COLOR (set when this suite runs as an Nx task) Nx colours its banners; the words are what is checked.
    return { status: run.status, output: stripVTControlCharacters(`${run.stdout}\n${run.stderr}`) };
  };
  const bundleFiles = (agent: string) =>
    BUNDLE_FILES.map((file) => join(agentsDir, agent, '.l9', 'bundle', file));
  /** The tasks Nx lists as failed at the end of a run-many. */
  const failedTasks = (output: string) => {
    const lines = output.split('\n');
    const start = lines.findIndex((line) => /Failed tasks:/.test(line));
    if (start < 0) return [];
    const failed = [];
    for (const line of lines.slice(start + 1)) {
      const task = /^\s*-\s+(\S+)$/.exec(line);
      if (task) failed.push(task[1]);
      else if (failed.length > 0 || line.trim() !== '') break;
    }
    return failed;
  };

  beforeAll(() => {
    scratch = pluginWorkspace('bundle.md', COLLECTION);
    const generated = nx('g', 'l9:ecosystem', '--schema', 'bundle.md', '--no-interactive');
    if (generated.status !== 0)
      throw new Error(`nx g l9:ecosystem exited ${generated.status}:\n${generated.output}`);
    agentsDir = join(scratch.root, 'agents');
    ecosystemDir = join(
      agentsDir,
      readdirSync(agentsDir).find((name) => existsSync(join(agentsDir, name, 'ecosystem.yaml')))!,
    );
  }, 300_000);
  afterAll(() => scratch?.dispose());

  it('builds every agent and the host bundle in one batch', () => {
    const run = nx('run-many', '-t', 'bundle', '--skip-nx-cache', '--outputStyle=static');
    if (run.status !== 0)
      throw new Error(`nx run-many -t bundle exited ${run.status}:\n${run.output.slice(-4000)}`);
    expect(run.output).toContain('Running 4 tasks with l9:bundle');
    for (const agent of members) for (const file of bundleFiles(agent)) expect(existsSync(file)).toBe(true);
    expect(existsSync(join(ecosystemDir, '.l9', 'bundle', 'host.js'))).toBe(true);
  }, 300_000);

  it('fails only the task of the agent that does not compile, with its file, line and column', () => {
    const main = join(agentsDir, 'bundle1', 'src', 'main.ts');
    const line = readFileSync(main, 'utf8').split('\n').length;
    appendFileSync(main, 'const broken = ;\n');
    for (const agent of members) rmSync(join(agentsDir, agent, '.l9'), { recursive: true, force: true });
    const run = nx('run-many', '-t', 'bundle', '--skip-nx-cache', '--outputStyle=static');
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('Running 4 tasks with l9:bundle');
    expect(run.output).toContain(`agents/bundle1/src/main.ts:${line}:16: Unexpected ";"`);
    expect(failedTasks(run.output)).toEqual(['bundle1:bundle']);
    for (const file of bundleFiles('bundle1')) expect(existsSync(file)).toBe(false);
    for (const agent of ['bundle0', 'bundle2'])
      for (const file of bundleFiles(agent)) expect(existsSync(file)).toBe(true);
  }, 300_000);
});
