import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { pluginWorkspace } from '../testing/scratch-workspace';

/** Three agents, each depending on the one before: the smallest ecosystem whose pairs share agents. */
const COLLECTION = [
  '---',
  'title: Batch Three',
  '---',
  ...[0, 1, 2].flatMap((i) => [
    '```yaml',
    `name: Batch${i}`,
    `system: Batch agent ${i}`,
    'role: Scores a synthetic batch.',
    `depends_on: {hard: [${i > 0 ? `Batch${i - 1}` : ''}]}`,
    'governance: {anchors: [Igor], mode: hybrid, escalationpolicy: "Auto-escalate if: confidence < 0.5"}',
    'cursorinstructions:',
    '  generatefiles: [controller.py, scorer.py]',
    '  generatedocs: [README.md]',
    'deployment:',
    `  endpoints: [{name: score, path: /batch${i}/v1/score, method: POST, timeout_ms: 500}]`,
    '```',
    '',
  ]),
].join('\n');

describe('the integration matrix split into pair tasks, as Nx runs it', () => {
  let scratch: ReturnType<typeof pluginWorkspace>;
  let ecosystem: string;
  let ecosystemDir: string;
  const nx = (...args: string[]) => {
    const run = spawnSync(
      process.execPath,
      [require.resolve('nx/bin/nx.js', { paths: [scratch.root] }), ...args],
      {
        cwd: scratch.root,
        // Embedded backends only: this is about Nx's batch and cache, which the backend sets do not change.
        env: {
          ...process.env,
          NX_DAEMON: 'false',
          NX_NO_CLOUD: 'true',
          NX_TUI: 'false',
          L9_REDIS_URL: '',
          L9_POSTGRES_URL: '',
        },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    // Under FORCE_COLOR (set when this suite runs as an Nx task) Nx colours its banners; the words are what is checked.
    const output = stripVTControlCharacters(`${run.stdout}\n${run.stderr}`);
    if (run.status !== 0)
      throw new Error(`nx ${args.join(' ')} exited ${run.status}:\n${output.slice(-4000)}`);
    return output;
  };
  /** The lines where a batch started agents: one per backend set, naming every agent it started. */
  const starts = (output: string) => output.split('\n').filter((line) => /^embedded: starting /.test(line));
  const report = () =>
    JSON.parse(readFileSync(join(ecosystemDir, '.l9', 'integration.json'), 'utf8')) as {
      passed: number;
      total: number;
    };

  beforeAll(() => {
    // The plugin of this checkout with its default options: three agents are split into pair tasks.
    scratch = pluginWorkspace('batch.md', COLLECTION);
    nx('g', 'l9:ecosystem', '--schema', 'batch.md', '--no-interactive');
    const folder = readdirSync(join(scratch.root, 'agents')).find((name) =>
      readdirSync(join(scratch.root, 'agents', name)).includes('ecosystem.yaml'),
    )!;
    ecosystemDir = join(scratch.root, 'agents', folder);
    ecosystem = (JSON.parse(readFileSync(join(ecosystemDir, 'project.json'), 'utf8')) as { name: string })
      .name;
  }, 300_000);
  afterAll(() => scratch?.dispose());

  it('runs the three pair tasks as one batch that starts each agent once, and restores all of them from the cache the second time', () => {
    const first = nx('run', `${ecosystem}:integration`, '--outputStyle=static');
    expect(first).toContain('Running 3 tasks with l9:integration-pair');
    expect(first).toContain(`integration: 3 pair tasks of ${ecosystem} in one batch, 3 agents started once`);
    expect(starts(first)).toEqual([expect.stringMatching(/^embedded: starting (\S+ :\d+, ){2}\S+ :\d+$/)]);
    expect(first).toMatch(/^embedded: every agent healthy after \d+\.\d s$/m);
    expect(first).toMatch(/^embedded: 3 pairs checked in \d+\.\d s$/m);
    for (const pair of ['batch0--batch1', 'batch0--batch2', 'batch1--batch2'])
      expect(
        JSON.parse(readFileSync(join(ecosystemDir, '.l9/integration/pairs', `${pair}.json`), 'utf8')),
      ).toMatchObject({ format: 'l9/integration-pair@1', agents: pair.split('--') });
    expect(report()).toMatchObject({ passed: 6, total: 6 });

    const second = nx('run', `${ecosystem}:integration`, '--outputStyle=static');
    expect(second).not.toContain('l9:integration-pair');
    expect(starts(second)).toEqual([]);
    // Three bundles, the host bundle is not a dependency; three pairs; the aggregate.
    expect(second).toMatch(/from the cache instead of running the command for 7 out of 7 tasks/);
    expect(report()).toMatchObject({ passed: 6, total: 6 });
  }, 300_000);

  it('reruns only the pairs of the agent that changed, in one batch, under run-many', () => {
    const modules = join(ecosystemDir, '..', 'batch2', 'src', 'modules');
    const module = readdirSync(modules).find((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))!;
    appendFileSync(join(modules, module), '\nexport const batchRevision = 1;\n');
    const run = nx('run-many', '-t', 'integration', '--outputStyle=static');
    expect(run).toContain('Running 2 tasks with l9:integration-pair');
    expect(run).toContain(`integration: 2 pair tasks of ${ecosystem} in one batch, 3 agents started once`);
    expect(starts(run)).toHaveLength(1);
    expect(run).toMatch(/^embedded: 2 pairs checked in \d+\.\d s$/m);
    // batch0's and batch1's bundles and their pair came from the cache.
    expect(run).toMatch(/for 3 out of 7 tasks/);
    expect(report()).toMatchObject({ passed: 6, total: 6 });
  }, 300_000);
});
