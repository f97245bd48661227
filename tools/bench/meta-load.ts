/**
 * What loading the bundled meta templates adds to a fresh process, without and with the validated snapshot the
 * package build writes (made here as the build makes it, in a copy of packages/l9/meta): each entry under
 * meta-load/ is compiled to plain JavaScript, then run L9_BENCH_RUNS times (15 by default) as its own node process, alternating entries so
 * machine load hits them alike. Prints each entry's median wall time with its range, and what it adds to the
 * baseline process that loads nothing.
 *
 * Run: node -r @swc-node/register tools/bench/meta-load.ts
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeValidatedMeta } from '../build/write-validated-meta';
import { compileForBench } from './compile-for-bench';
import { dispose, summarize } from './scratch-nx-workspace';

const root = join(__dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'l9-meta-load-'));
const bundled = join(out, 'meta');
cpSync(join(root, 'packages', 'l9', 'meta'), bundled, { recursive: true });
writeValidatedMeta(bundled);
const entries = ['nothing', 'full-loader', 'snapshot'].filter((name) =>
  existsSync(join(__dirname, 'meta-load', `${name}.ts`)),
);
const compiled = new Map(
  entries.map((name) => [name, compileForBench(join(__dirname, 'meta-load', `${name}.ts`), root, out)]),
);
const runs = Number(process.env['L9_BENCH_RUNS'] ?? 15);
const samples = new Map<string, number[]>(entries.map((name) => [name, []]));
try {
  for (let r = -1; r < runs; r += 1) {
    for (const name of entries) {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, [compiled.get(name)!, bundled], {
        env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
        stdio: 'inherit',
      });
      // Run -1 warms the file cache and is not counted.
      if (r >= 0) samples.get(name)!.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
} finally {
  dispose(out);
}
const base = summarize(samples.get('nothing')!).median;
for (const name of entries) {
  const { median, min, max } = summarize(samples.get(name)!);
  const added =
    name === 'nothing'
      ? ''
      : `, ${median >= base ? '+' : ''}${(median - base).toFixed(1)} ms over nothing (${(median / base).toFixed(2)}x)`;
  process.stdout.write(
    `${name.padEnd(12)} median ${median.toFixed(1).padStart(7)} ms (${min.toFixed(1)}–${max.toFixed(1)})${added}\n`,
  );
}
