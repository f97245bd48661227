/**
 * Whole-process wall time of `nx g l9:ecosystem` for the 5-agent example and synthetic ecosystems of 50 and
 * 200 agents, next to `nx g @nx/js:library` (one library; --skipPackageJson so neither side runs a package
 * install), all measured in this run, each in a fresh scratch workspace whose node_modules holds the built
 * plugin. The library and the example take turns, so load from other work on the machine falls on both. Prints
 * medians with their ranges and the ratios, of the wall time (the target) and of the Nx process's own CPU time,
 * which others' load on a shared machine moves much less.
 *
 * Run: node -r @swc-node/register tools/bench/generate.ts   (L9_BENCH_RUNS=7 by default: the example's rounds;
 * the synthetic ecosystems, each some seconds a run and far from their target, take at most 3)
 * To iterate on the example alone: L9_BENCH_SIZES= (empty) skips the synthetic ecosystems; L9_BENCH_SIZES=200
 * picks their sizes (50,200 by default).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
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

const runs = benchRuns(7);
const syntheticRuns = Math.min(runs, 3);
const sizes = benchSizes('50,200');
const nodeModules = linkedNodeModules();
// The machine's load beside the figures: others' work on a shared machine slows both sides, not always alike.
const loadAtStart = loadavg();

interface Command {
  args: string[];
  prepare?: (dir: string) => void;
}

/**
 * A preload that writes the Nx process's CPU time (user + system, ms) to L9_BENCH_CPU_FILE when it exits. The Nx
 * process only: its plugin workers compute the same project graph for both commands, and the generators run in it.
 */
const cpuProbe = join(dirname(nodeModules), 'nx-cpu-probe.cjs');
writeFileSync(
  cpuProbe,
  [
    "if (/[\\\\/]bin[\\\\/]nx\\.js$/.test(process.argv[1] || '') && process.env.L9_BENCH_CPU_FILE) {",
    "  process.on('exit', () => {",
    '    const { user, system } = process.cpuUsage();',
    "    require('node:fs').writeFileSync(process.env.L9_BENCH_CPU_FILE, String((user + system) / 1000));",
    '  });',
    '}',
    '',
  ].join('\n'),
);

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function timeOnce({ args, prepare }: Command): Sample {
  const dir = scratchWorkspace(nodeModules);
  prepare?.(dir);
  const cpuFile = join(dir, 'nx-cpu-ms');
  const wallMs = runNx(dir, [...args, '--no-interactive'], {
    NX_SKIP_NX_CACHE: 'true',
    L9_BENCH_CPU_FILE: cpuFile,
    NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require=${cpuProbe}`.trim(),
  });
  const cpuMs = Number(readFileSync(cpuFile, 'utf8'));
  dispose(dir);
  return { wallMs, cpuMs };
}

/**
 * Every command's samples, the commands taking turns run after run (after one unmeasured round that warms the
 * file cache), so a change in the machine's load hits each alike.
 */
function timeInTurns(commands: Command[], rounds: number): Sample[][] {
  commands.forEach(timeOnce);
  const samples = commands.map((): Sample[] => []);
  for (let r = 0; r < rounds; r += 1) commands.forEach((command, i) => samples[i]!.push(timeOnce(command)));
  return samples;
}

const wall = (samples: Sample[]) => summarize(samples.map((sample) => sample.wallMs));
const cpu = (samples: Sample[]) => summarize(samples.map((sample) => sample.cpuMs));

const [librarySamples, exampleSamples] = timeInTurns(
  [
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
  ],
  runs,
) as [Sample[], Sample[]];
const library = wall(librarySamples);
const example = wall(exampleSamples);
const libraryCpu = cpu(librarySamples);
const exampleCpu = cpu(exampleSamples);
// The ratio of each round's pair: both ran back to back, so this spread is the noise the ratio itself carries.
const roundRatios = summarize(exampleSamples.map((sample, r) => sample.wallMs / librarySamples[r]!.wallMs));
const synthetic = sizes.map((count) => ({
  count,
  time: wall(
    timeInTurns(
      [
        {
          args: ['g', 'l9:ecosystem', '--schema', 'synthetic.md'],
          prepare: (dir) => writeFileSync(join(dir, 'synthetic.md'), syntheticCollection(count)),
        },
      ],
      syntheticRuns,
    )[0]!,
  ),
}));
disposeNodeModules(nodeModules);

const line = (label: string, time: Samples, baseline: Samples = library) =>
  `${label.padEnd(36)} ${spread(time).padStart(20)}   ${(time.median / baseline.median).toFixed(2)}x library`;
const loads = (at: number[]) => at.map((load) => load.toFixed(2)).join(' / ');
process.stdout.write(
  `median (min–max) of ${runs} runs (${syntheticRuns} for the synthetic ecosystems), whole process, daemon off; load average (1 / 5 / 15 min) ${loads(loadAtStart)} at the start, ${loads(loadavg())} at the end\n`,
);
process.stdout.write(`${line('nx g @nx/js:library (baseline)', library)}\n`);
process.stdout.write(
  `${line('nx g l9:ecosystem (5-agent example)', example)}   (per round ${roundRatios.min.toFixed(2)}–${roundRatios.max.toFixed(2)}x, median ${roundRatios.median.toFixed(2)}x)\n`,
);
for (const { count, time } of synthetic)
  process.stdout.write(`${line(`nx g l9:ecosystem (${count} agents)`, time)}\n`);
process.stdout.write(`the Nx process's own CPU time (user + system) in the same runs:\n`);
process.stdout.write(`${line('nx g @nx/js:library (baseline)', libraryCpu, libraryCpu)}\n`);
process.stdout.write(`${line('nx g l9:ecosystem (5-agent example)', exampleCpu, libraryCpu)}\n`);
const twoHundred = synthetic.find(({ count }) => count === 200);
process.stdout.write(
  `targets: example <= library: ${example.median <= library.median ? 'met' : 'missed'}${twoHundred ? `; 200 agents < 30 s: ${twoHundred.time.median < 30_000 ? 'met' : 'missed'}` : ''}\n`,
);
