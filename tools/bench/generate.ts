/**
 * Whole-process wall time of `nx g l9:ecosystem` for the 5-agent example and synthetic ecosystems of 50 and
 * 200 agents, next to `nx g @nx/js:library` (one library; --skipPackageJson so neither side runs a package
 * install), all measured in this run, each in a fresh scratch workspace whose node_modules holds the built
 * plugin. Prints medians and the ratios.
 *
 * Run: node -r @swc-node/register tools/bench/generate.ts   (L9_BENCH_RUNS=3 by default)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispose, disposeNodeModules, linkedNodeModules, median, runNx, scratchWorkspace, syntheticCollection } from './scratch-nx-workspace';

const runs = Number(process.env['L9_BENCH_RUNS'] ?? 3);
const nodeModules = linkedNodeModules();

function timeNx(args: string[], prepare?: (dir: string) => void): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const dir = scratchWorkspace(nodeModules);
    prepare?.(dir);
    samples.push(runNx(dir, [...args, '--no-interactive'], { NX_SKIP_NX_CACHE: 'true' }));
    dispose(dir);
  }
  return median(samples);
}

const library = timeNx(['g', '@nx/js:library', 'libs/bench-lib', '--bundler=none', '--unitTestRunner=none', '--linter=none', '--skipPackageJson']);
const example = timeNx(['g', 'l9:ecosystem', '--schema=templates/examples/tensoraios-ecosystem.md,templates/examples/main-agent.yaml']);
const synthetic = [50, 200].map((count) => ({
  count,
  ms: timeNx(['g', 'l9:ecosystem', '--schema', 'synthetic.md'], (dir) => writeFileSync(join(dir, 'synthetic.md'), syntheticCollection(count))),
}));
disposeNodeModules(nodeModules);

const line = (label: string, ms: number) => `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s   ${(ms / library).toFixed(2)}x library`;
process.stdout.write(`median of ${runs} runs, whole process, daemon off\n`);
process.stdout.write(`${line('nx g @nx/js:library (baseline)', library)}\n`);
process.stdout.write(`${line('nx g l9:ecosystem (5-agent example)', example)}\n`);
for (const { count, ms } of synthetic) process.stdout.write(`${line(`nx g l9:ecosystem (${count} agents)`, ms)}\n`);
process.stdout.write(`targets: example <= library: ${example <= library ? 'met' : 'missed'}; 200 agents < 30 s: ${synthetic[1]!.ms < 30_000 ? 'met' : 'missed'}\n`);
