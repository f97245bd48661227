/**
 * Where a benchmarked server's CPU went, per request: the self time of a V8 CPU profile (`node --cpu-prof`, what
 * bench:a2a writes with L9_BENCH_CPU_PROF) divided by the requests the server answered while it was recorded, by
 * source file and by function, idle time left out. Two servers that answered the same kind of request read side
 * by side show what one does that the other does not.
 *
 *   node -r @swc-node/register tools/bench/cpu-profile-summary.ts <file.cpuprofile> <requests> [rows]
 *
 * bench:a2a prints this for each server it profiled, with the requests it sent it (warm-ups included).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A script's URL shortened to what names it: the package under node_modules, or the path from `src/`. */
function sourceOf(url: string, functionName: string): string {
  if (url === '') return functionName;
  const installed = /node_modules\/((?:@[^/]+\/)?[^/]+\/.*)$/.exec(url);
  if (installed) return installed[1]!;
  const own = /\/(src\/.*|tools\/.*)$/.exec(url);
  return own ? own[1]! : url.replace(/^file:\/\//, '');
}

function topRows(totals: Map<string, number>, requests: number, rows: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, micros]) => `  ${(micros / requests).toFixed(1).padStart(7)}  ${name}`);
}

/** The summary's lines: busy µs per request, then the `rows` largest sources and functions. */
export function summarizeCpuProfile(file: string, requests: number, rows = 20): string[] {
  if (!(requests > 0)) throw new Error(`requests must be a positive number, got ${requests}`);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += micros;
    const source = sourceOf(url, functionName);
    bySource.set(source, (bySource.get(source) ?? 0) + micros);
    const name = url === '' ? functionName : `${functionName || '(anonymous)'}  ${source}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  return [
    `${file}: ${(busy / requests).toFixed(1)} µs of CPU per request on the main thread (${requests} requests; self time, idle left out)`,
    '  µs/req  by source',
    ...topRows(bySource, requests, rows),
    '  µs/req  by function',
    ...topRows(byFunction, requests, rows),
  ];
}

if (require.main === module) {
  const [file, requests, rows] = process.argv.slice(2);
  if (!file || !requests) {
    process.stderr.write('usage: cpu-profile-summary.ts <file.cpuprofile> <requests> [rows]\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(
      `${summarizeCpuProfile(file, Number(requests), rows ? Number(rows) : 20).join('\n')}\n`,
    );
  }
}
