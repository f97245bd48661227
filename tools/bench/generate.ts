/**
 * Whole-process wall time of `nx g l9:ecosystem` for the 5-agent example and synthetic ecosystems of 50 and
 * 200 agents, next to `nx g @nx/js:library` (one library; --skipPackageJson so neither side runs a package
 * install), all measured in this run, each in a fresh scratch workspace whose node_modules holds the built
 * plugin. The library and the example take turns, so load from other work on the machine falls on both. Prints
 * medians and the ratios.
 *
 * Run: node -r @swc-node/register tools/bench/generate.ts   (L9_BENCH_RUNS=3 by default)
 * To iterate on the example alone: L9_BENCH_SIZES= (empty) skips the synthetic ecosystems; L9_BENCH_SIZES=200
 * picks their sizes (50,200 by default).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispose, disposeNodeModules, linkedNodeModules, median, runNx, scratchWorkspace, syntheticCollection } from './scratch-nx-workspace';

const runs = Number(process.env['L9_BENCH_RUNS'] ?? 3);
const sizes = (process.env['L9_BENCH_SIZES'] ?? '50,200').split(',').filter((size) => size.trim() !== '').map(Number);
for (const size of sizes) if (!Number.isInteger(size) || size <= 0) throw new Error(`L9_BENCH_SIZES: "${size}" is not a positive whole number`);
const nodeModules = linkedNodeModules();

interface Command {
  args: string[];
  prepare?: (dir: string) => void;
}

function timeOnce({ args, prepare }: Command): number {
  const dir = scratchWorkspace(nodeModules);
  prepare?.(dir);
  const ms = runNx(dir, [...args, '--no-interactive'], { NX_SKIP_NX_CACHE: 'true' });
  dispose(dir);
  return ms;
}

/** Median per command, the commands taking turns run after run, so a change in the machine's load hits each alike. */
function timeInTurns(commands: Command[]): number[] {
  const samples = commands.map((): number[] => []);
  for (let r = 0; r < runs; r += 1) commands.forEach((command, i) => samples[i]!.push(timeOnce(command)));
  return samples.map(median);
}

const [library, example] = timeInTurns([
  { args: ['g', '@nx/js:library', 'libs/bench-lib', '--bundler=none', '--unitTestRunner=none', '--linter=none', '--skipPackageJson'] },
  { args: ['g', 'l9:ecosystem', '--schema=templates/examples/tensoraios-ecosystem.md,templates/examples/main-agent.yaml'] },
]) as [number, number];
const synthetic = sizes.map((count) => ({
  count,
  ms: timeInTurns([{ args: ['g', 'l9:ecosystem', '--schema', 'synthetic.md'], prepare: (dir) => writeFileSync(join(dir, 'synthetic.md'), syntheticCollection(count)) }])[0]!,
}));
disposeNodeModules(nodeModules);

const line = (label: string, ms: number) => `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s   ${(ms / library).toFixed(2)}x library`;
process.stdout.write(`median of ${runs} runs, whole process, daemon off\n`);
process.stdout.write(`${line('nx g @nx/js:library (baseline)', library)}\n`);
process.stdout.write(`${line('nx g l9:ecosystem (5-agent example)', example)}\n`);
for (const { count, ms } of synthetic) process.stdout.write(`${line(`nx g l9:ecosystem (${count} agents)`, ms)}\n`);
const twoHundred = synthetic.find(({ count }) => count === 200);
process.stdout.write(`targets: example <= library: ${example <= library ? 'met' : 'missed'}${twoHundred ? `; 200 agents < 30 s: ${twoHundred.ms < 30_000 ? 'met' : 'missed'}` : ''}\n`);
