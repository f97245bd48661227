/**
 * Whole-process wall time of `nx g l9:ecosystem` for the 5-agent example and synthetic ecosystems of 50 and
 * 200 agents, next to `nx g @nx/js:library` (one library; --skipPackageJson so neither side runs a package
 * install), all measured in this run, each in a fresh scratch workspace whose node_modules holds the built
 * plugin. The library and the example take turns, so load from other work on the machine falls on both. Prints
 * medians with their ranges and the ratios.
 *
 * Run: node -r @swc-node/register tools/bench/generate.ts   (L9_BENCH_RUNS=3 by default)
 * To iterate on the example alone: L9_BENCH_SIZES= (empty) skips the synthetic ecosystems; L9_BENCH_SIZES=200
 * picks their sizes (50,200 by default).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchRuns, benchSizes } from './bench-env';
import {
  dispose,
  disposeNodeModules,
  linkedNodeModules,
  runNx,
  scratchWorkspace,
  spread,
  summarize,
  syntheticCollection,
  type Samples,
} from './scratch-nx-workspace';

const runs = benchRuns(3);
const sizes = benchSizes('50,200');
const nodeModules = linkedNodeModules();
// The machine's load beside the figures: others' work on a shared machine slows both sides, not always alike.
const loadAtStart = loadavg();

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

/**
 * Every command's samples, the commands taking turns run after run (after one unmeasured round that warms the
 * file cache), so a change in the machine's load hits each alike.
 */
function timeInTurns(commands: Command[]): number[][] {
  commands.forEach(timeOnce);
  const samples = commands.map((): number[] => []);
  for (let r = 0; r < runs; r += 1) commands.forEach((command, i) => samples[i]!.push(timeOnce(command)));
  return samples;
}

const [librarySamples, exampleSamples] = timeInTurns([
  {
    args: [
      'g',
      '@nx/js:library',
      'libs/bench-lib',
      '--bundler=none',
      '--unitTestRunner=none',
      '--linter=none',
      '--skipPackageJson',
    ],
  },
  {
    args: [
      'g',
      'l9:ecosystem',
      '--schema=templates/examples/tensoraios-ecosystem.md,templates/examples/main-agent.yaml',
    ],
  },
]) as [number[], number[]];
const library = summarize(librarySamples);
const example = summarize(exampleSamples);
// The ratio of each round's pair: both ran back to back, so this spread is the noise the ratio itself carries.
const roundRatios = summarize(exampleSamples.map((ms, r) => ms / librarySamples[r]!));
const synthetic = sizes.map((count) => ({
  count,
  time: summarize(
    timeInTurns([
      {
        args: ['g', 'l9:ecosystem', '--schema', 'synthetic.md'],
        prepare: (dir) => writeFileSync(join(dir, 'synthetic.md'), syntheticCollection(count)),
      },
    ])[0]!,
  ),
}));
disposeNodeModules(nodeModules);

const line = (label: string, time: Samples) =>
  `${label.padEnd(36)} ${spread(time).padStart(20)}   ${(time.median / library.median).toFixed(2)}x library`;
const loads = (at: number[]) => at.map((load) => load.toFixed(2)).join(' / ');
process.stdout.write(
  `median (min–max) of ${runs} runs, whole process, daemon off; load average (1 / 5 / 15 min) ${loads(loadAtStart)} at the start, ${loads(loadavg())} at the end\n`,
);
process.stdout.write(`${line('nx g @nx/js:library (baseline)', library)}\n`);
process.stdout.write(
  `${line('nx g l9:ecosystem (5-agent example)', example)}   (per round ${roundRatios.min.toFixed(2)}–${roundRatios.max.toFixed(2)}x, median ${roundRatios.median.toFixed(2)}x)\n`,
);
for (const { count, time } of synthetic)
  process.stdout.write(`${line(`nx g l9:ecosystem (${count} agents)`, time)}\n`);
const twoHundred = synthetic.find(({ count }) => count === 200);
process.stdout.write(
  `targets: example <= library: ${example.median <= library.median ? 'met' : 'missed'}${twoHundred ? `; 200 agents < 30 s: ${twoHundred.time.median < 30_000 ? 'met' : 'missed'}` : ''}\n`,
);
