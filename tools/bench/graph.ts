/**
 * Project-graph cost of the l9 plugin: `nx show projects` (daemon off, no graph cache) for workspaces of
 * 100, 500 and 1,000 synthetic agents, with the plugin in nx.json and without it, in the same run; and cold
 * versus fully cached `nx run-many -t validate` over 100 generated agents. Prints medians and ratios.
 *
 * Run: node -r @swc-node/register tools/bench/graph.ts   (L9_BENCH_RUNS=3 by default)
 * To iterate on one half: L9_BENCH_PARTS=projects or =validate (both by default); L9_BENCH_SIZES=1000 picks
 * the workspace sizes of the first half (100,500,1000 by default). L9_BENCH_PARTS=in-process measures the same
 * workspaces with NX_ISOLATE_PLUGINS=false: what the plugin itself adds, without the worker process Nx
 * starts for each plugin and the copies of the project graph it sends there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Median wall time of `nx show projects` with and without the plugin over `count` agents, the two taking turns. */
function showProjects(count: number, env: Record<string, string>): { with: number; without: number } {
  const samples = { with: [] as number[], without: [] as number[] };
  for (let r = 0; r < runs; r += 1) {
    for (const mode of ['with', 'without'] as const) {
      const dir = scratchWorkspace(nodeModules, { plugins: mode === 'with' ? ['l9/plugin'] : [] });
      writeAgents(dir, count);
      samples[mode].push(runNx(dir, ['show', 'projects'], { ...NO_GRAPH_CACHE, ...env }));
      dispose(dir);
    }
  }
  return { with: median(samples.with), without: median(samples.without) };
}

const rows: string[] = [];
for (const [part, label, env] of [['projects', '', {}], ['in-process', ' (plugins in-process)', { NX_ISOLATE_PLUGINS: 'false' }]] as const) {
  if (!parts.includes(part)) continue;
  for (const count of sizes) {
    const { with: withPlugin, without } = showProjects(count, env);
    rows.push(`${String(count).padStart(5)} agents${label}: without ${(without / 1000).toFixed(2)} s, with l9 ${(withPlugin / 1000).toFixed(2)} s, plugin adds ${(((withPlugin - without) / without) * 100).toFixed(0)} %${part === 'projects' ? ' (target < 30 %)' : ''}`);
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

if (rows.length > 0) process.stdout.write(`nx show projects, daemon off, no graph cache, median of ${runs}\n${rows.join('\n')}\n`);
if (validate) {
  const { cold, cached } = validate;
  process.stdout.write(`run-many -t validate over 100 agents: cold ${(cold / 1000).toFixed(2)} s, cached ${(cached / 1000).toFixed(2)} s = ${((cached / cold) * 100).toFixed(0)} % of cold (target <= 10 %)\n`);
}
