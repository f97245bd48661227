/**
 * Project-graph cost of the l9 plugin: `nx show projects` (daemon off, no graph cache) for workspaces of
 * 100, 500 and 1,000 synthetic agents, with the plugin in nx.json and without it, in the same run; and cold
 * versus fully cached `nx run-many -t validate` over 100 generated agents. Prints medians and ratios.
 *
 * Run: node -r @swc-node/register tools/bench/graph.ts   (L9_BENCH_RUNS=3 by default)
 * To iterate on one half: L9_BENCH_PARTS=projects or =validate (both by default); L9_BENCH_SIZES=1000 picks
 * the workspace sizes of the first half (100,500,1000 by default). L9_BENCH_PARTS=in-process measures the same
 * workspaces with NX_ISOLATE_PLUGINS=false: what the plugin itself adds, without the worker process Nx
 * starts for each plugin and the copies of the project graph it sends there. Each size is also measured
 * with an empty plugin, which shows what Nx charges for any plugin before l9 does any work.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { L9_FILE_GLOB } from '../../packages/l9/src/plugin/create-nodes-v2';
import { dispose, disposeNodeModules, linkedNodeModules, median, runNx, scratchWorkspace, syntheticCollection } from './scratch-nx-workspace';

const runs = Number(process.env['L9_BENCH_RUNS'] ?? 3);
const parts = (process.env['L9_BENCH_PARTS'] ?? 'projects,validate').split(',');
const sizes = (process.env['L9_BENCH_SIZES'] ?? '100,500,1000').split(',').map(Number);
const PARTS = ['projects', 'in-process', 'validate'];
for (const part of parts) if (!PARTS.includes(part)) throw new Error(`L9_BENCH_PARTS: unknown part "${part}" (${PARTS.join(', ')})`);
for (const size of sizes) if (!Number.isInteger(size) || size <= 0) throw new Error(`L9_BENCH_SIZES: "${size}" is not a positive whole number`);
const nodeModules = linkedNodeModules();
const NO_GRAPH_CACHE = { NX_CACHE_PROJECT_GRAPH: 'false', NX_SKIP_NX_CACHE: 'true' };

/** `count` agent projects as the generator lays them out: agent.yaml (depends_on) and project.json. */
function writeAgents(dir: string, count: number): void {
  for (let i = 0; i < count; i += 1) {
    const root = join(dir, 'agents', `agent${i}`);
    mkdirSync(root, { recursive: true });
    const deps = [i - 1, i - 5].filter((d) => d >= 0).map((d) => `Agent${d}`);
    writeFileSync(join(root, 'agent.yaml'), `id: agent${i}\nname: Agent${i}\ndepends_on:\n  hard: [${deps.join(', ')}]\n  soft: []\n`);
    writeFileSync(join(root, 'project.json'), JSON.stringify({ name: `agent${i}`, projectType: 'application', tags: ['l9:agent'] }));
  }
}

/** Median and spread of one mode's samples, in milliseconds. */
interface Samples { median: number; min: number; max: number }

function summarize(samples: number[]): Samples {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

/**
 * A plugin that claims the same files and answers nothing: what Nx charges any plugin (its own worker
 * process, the matching of files against its glob, a copy of the project graph for createDependencies),
 * against which the part l9 itself adds can be read.
 */
const EMPTY_PLUGIN = `module.exports = { name: 'empty', createNodesV2: [${JSON.stringify(L9_FILE_GLOB)}, () => []], createDependencies: () => [] };\n`;

/**
 * Installed as a package beside l9: Nx loads a plugin given by a workspace path through a TypeScript
 * transpiler, which would charge the empty plugin a cost l9 does not pay.
 */
const EMPTY_PLUGIN_PACKAGE = 'l9-bench-empty-plugin';

function installEmptyPlugin(): void {
  const dir = join(nodeModules, EMPTY_PLUGIN_PACKAGE);
  if (existsSync(dir)) return;
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: EMPTY_PLUGIN_PACKAGE, version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), EMPTY_PLUGIN);
}

const MODES = ['without', 'empty', 'with'] as const;
type Mode = (typeof MODES)[number];

function workspaceFor(mode: Mode, count: number): string {
  const plugins = { without: [], empty: [EMPTY_PLUGIN_PACKAGE], with: ['l9/plugin'] }[mode];
  const dir = scratchWorkspace(nodeModules, { plugins });
  writeAgents(dir, count);
  return dir;
}

/**
 * Wall time of `nx show projects` over `count` agents without a plugin, with the empty plugin and with l9.
 * Each mode keeps one workspace for the whole measurement and the three take turns, each after one
 * unmeasured run: a fresh workspace per sample added a cold file cache to some samples and not to others,
 * which moved the 1,000-agent medians by thirty points between runs of the same code.
 */
function showProjects(count: number, env: Record<string, string>): Record<Mode, Samples> {
  installEmptyPlugin();
  const dirs: Partial<Record<Mode, string>> = {};
  const samples: Record<Mode, number[]> = { without: [], empty: [], with: [] };
  const run = (mode: Mode): number => runNx(dirs[mode]!, ['show', 'projects'], { ...NO_GRAPH_CACHE, ...env });
  try {
    for (const mode of MODES) {
      dirs[mode] = workspaceFor(mode, count);
      run(mode);
    }
    for (let r = 0; r < runs; r += 1) for (const mode of MODES) samples[mode].push(run(mode));
  } finally {
    for (const dir of Object.values(dirs)) dispose(dir);
  }
  return { without: summarize(samples.without), empty: summarize(samples.empty), with: summarize(samples.with) };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const spread = ({ median: m, min, max }: Samples): string => `${seconds(m)} s (${seconds(min)}–${seconds(max)})`;
const percentOver = (value: Samples, base: Samples): string => `${(((value.median - base.median) / base.median) * 100).toFixed(0)} %`;

const rows: string[] = [];
for (const [part, label, env] of [['projects', '', {}], ['in-process', ' (plugins in-process)', { NX_ISOLATE_PLUGINS: 'false' }]] as const) {
  if (!parts.includes(part)) continue;
  for (const count of sizes) {
    const result = showProjects(count, env);
    rows.push(`${String(count).padStart(5)} agents${label}: without ${spread(result.without)}, empty plugin ${spread(result.empty)}, with l9 ${spread(result.with)}`);
    rows.push(`        plugin adds ${percentOver(result.with, result.without)}${part === 'projects' ? ' (target < 30 %)' : ''}; an empty plugin adds ${percentOver(result.empty, result.without)}`);
  }
}

/** Cold versus fully cached `run-many -t validate` over 100 generated agents, in milliseconds. */
function validateCold(): { cold: number; cached: number } {
  const dir = scratchWorkspace(nodeModules, { plugins: ['l9/plugin'] });
  writeFileSync(join(dir, 'synthetic.md'), syntheticCollection(100));
  runNx(dir, ['g', 'l9:ecosystem', '--schema', 'synthetic.md', '--no-interactive']);
  const cold = runNx(dir, ['run-many', '-t', 'validate', '--outputStyle=static'], { NX_CACHE_DIRECTORY: join(dir, '.nx-cache') });
  const cached = median(Array.from({ length: runs }, () => runNx(dir, ['run-many', '-t', 'validate', '--outputStyle=static'], { NX_CACHE_DIRECTORY: join(dir, '.nx-cache') })));
  dispose(dir);
  return { cold, cached };
}
const validate = parts.includes('validate') ? validateCold() : null;
disposeNodeModules(nodeModules);

if (rows.length > 0) process.stdout.write(`nx show projects, daemon off, no graph cache, median (min–max) of ${runs}\n${rows.join('\n')}\n`);
if (validate) {
  const { cold, cached } = validate;
  process.stdout.write(`run-many -t validate over 100 agents: cold ${seconds(cold)} s, cached ${seconds(cached)} s = ${((cached / cold) * 100).toFixed(0)} % of cold (target <= 10 %)\n`);
}
