/**
 * Ingest + graph + plan for synthetic collections of 100, 1,000 and 5,000 agents, each size planned
 * L9_BENCH_RUNS times (7 by default; 3 at 5,000 agents and over) after one warm-up. Prints each size's median
 * with its range, time per agent and the machine's 1-minute load average, and the 5,000/1,000 growth ratio of
 * the medians (1.0 per agent = linear).
 *
 * Run: node -r @swc-node/register tools/bench/ingest.ts
 * Sizes can be overridden: L9_BENCH_SIZES=100,1000,5000
 */
import { loadavg } from 'node:os';
import { loadMetaTemplates } from '../../packages/l9/src/meta';
import { planEcosystem, planOptionsFromMeta } from '../../packages/l9/src/plan';
import type { SchemaFileInput } from '../../packages/l9/src/schema';
import { summarize, type Samples } from './scratch-nx-workspace';

// The meta templates l9 ships: this repository keeps no copy of its own.
const { meta } = loadMetaTemplates(() => null);
if (!meta) throw new Error('the meta templates do not load');
const options = planOptionsFromMeta(meta, {});

/** One Markdown collection of `count` agents in blocks of 250 per file, each depending on up to three earlier agents. */
function syntheticCollection(count: number): SchemaFileInput[] {
  const files: SchemaFileInput[] = [];
  const perFile = 250;
  for (let start = 0; start < count; start += perFile) {
    const blocks: string[] = ['---', `title: Synthetic collection part ${start / perFile}`, '---', ''];
    for (let i = start; i < Math.min(count, start + perFile); i += 1) {
      const deps = [i - 1, i - 7, i - 31].filter((d) => d >= 0).map((d) => `Agent${d}`);
      blocks.push(
        `## Agent ${i}`,
        '',
        '```yaml',
        `name: Agent${i}`,
        `system: Synthetic agent ${i}`,
        `module: synthetic${i}`,
        'role: >',
        `  Scores synthetic batch ${i}.`,
        'depends_on:',
        `  hard: [${deps.join(', ')}]`,
        '  soft: []',
        'governance:',
        '  anchors: [Igor]',
        '  mode: hybrid',
        '  escalationpolicy: "Auto-escalate if: confidence < 0.5"',
        'memorytopology:',
        '  workingmemory: {storagetype: redis, keyspace: "agent:working:*"}',
        'cursorinstructions:',
        '  generatefiles: [controller.py, governancebridge.py, scorer.py, apiserver.py]',
        '  generatedocs: [README.md, API_SPEC.md]',
        'deployment:',
        '  endpoints:',
        `    - {name: score, path: /agent${i}/v1/score, method: POST, timeout_ms: 500}`,
        '```',
        '',
      );
    }
    files.push({
      path: `synthetic/part-${String(start / perFile).padStart(3, '0')}.md`,
      content: blocks.join('\n'),
    });
  }
  return files;
}

const runsPerSize = Number(process.env['L9_BENCH_RUNS'] ?? 7);

function measure(count: number): Samples {
  const files = syntheticCollection(count);
  // One warm-up run so JIT compilation is not billed to the first size.
  planEcosystem(files, options);
  const runs = count >= 5000 ? Math.min(runsPerSize, 3) : runsPerSize;
  const samples: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const started = process.hrtime.bigint();
    const result = planEcosystem(files, options);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!result.plan)
      throw new Error(
        `synthetic collection of ${count} did not plan: ${JSON.stringify(result.diagnostics.slice(0, 3))}`,
      );
    if (result.plan.agents.length !== count)
      throw new Error(`planned ${result.plan.agents.length} of ${count} agents`);
    samples.push(ms);
  }
  return summarize(samples);
}

const sizes = (process.env['L9_BENCH_SIZES'] ?? '100,1000,5000').split(',').map(Number);
const results = new Map<number, number>();
// The machine's load beside each size: planning is single-threaded, so others' work on a shared machine shows.
const load = () => loadavg()[0]!.toFixed(2);
for (const size of sizes) {
  const { median: ms, min, max } = measure(size);
  results.set(size, ms);
  process.stdout.write(
    `${String(size).padStart(5)} agents: median ${ms.toFixed(1).padStart(8)} ms (${min.toFixed(1)}–${max.toFixed(1)}), ${((ms * 1000) / size).toFixed(1).padStart(7)} µs per agent, load average ${load()}\n`,
  );
}
const t1k = results.get(1000);
const t5k = results.get(5000);
if (t1k !== undefined && t5k !== undefined) {
  process.stdout.write(
    `growth 5,000/1,000: ${(t5k / t1k).toFixed(2)}x time for 5x agents (per-agent ratio ${(t5k / 5 / t1k).toFixed(2)}; 1.00 is linear)\n`,
  );
  process.stdout.write(`1,000 agents: median ${t1k < 1000 ? 'within' : 'OVER'} the 1 s target\n`);
}
process.stdout.write(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB\n`);
