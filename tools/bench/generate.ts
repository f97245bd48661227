/**
 * Whole-process wall time of `nx g l9:ecosystem` for the 5-agent example and synthetic ecosystems of 50 and
 * 200 agents, next to `nx g @nx/js:library` (one library; --skipPackageJson so neither side runs a package
 * install), all measured in this run, each in a fresh scratch workspace that links this repository's
 * node_modules. Prints medians and the ratios.
 *
 * Run: node -r @swc-node/register tools/bench/generate.ts   (L9_BENCH_RUNS=3 by default)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const runs = Number(process.env['L9_BENCH_RUNS'] ?? 3);

/**
 * node_modules of the scratch workspaces: every package of this repository linked, except `l9`, which is the
 * built package (compiled JavaScript, as users install it) instead of the TypeScript sources.
 */
function linkedNodeModules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'l9-bench-modules-'));
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry === 'l9' || entry === '.bin') continue;
    symlinkSync(join(repo, 'node_modules', entry), join(dir, entry), 'dir');
  }
  symlinkSync(join(repo, 'dist', 'packages', 'l9'), join(dir, 'l9'), 'dir');
  return dir;
}

execFileSync(process.execPath, ['-r', '@swc-node/register', join(repo, 'tools', 'build', 'build-package.ts'), 'l9'], { cwd: repo, stdio: 'ignore' });
const nodeModules = linkedNodeModules();

/** A minimal Nx workspace whose node_modules holds nx, @nx/js and the built l9. */
function scratchWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'l9-bench-'));
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }));
  writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: {} } }));
  mkdirSync(join(dir, 'templates', 'examples'), { recursive: true });
  for (const file of ['tensoraios-ecosystem.md', 'main-agent.yaml']) copyFileSync(join(repo, 'templates', 'examples', file), join(dir, 'templates', 'examples', file));
  return dir;
}

/** A Markdown collection of `count` agents, each depending on up to two earlier ones. */
function syntheticCollection(count: number): string {
  const blocks = ['---', `title: Synthetic ${count}`, '---', ''];
  for (let i = 0; i < count; i += 1) {
    const deps = [i - 1, i - 5].filter((d) => d >= 0).map((d) => `Agent${d}`);
    blocks.push('```yaml', `name: Agent${i}`, `system: Synthetic agent ${i}`, 'role: Scores a synthetic batch.', `depends_on: {hard: [${deps.join(', ')}]}`,
      'governance: {anchors: [Igor], mode: hybrid, escalationpolicy: "Auto-escalate if: confidence < 0.5"}',
      'cursorinstructions:', '  generatefiles: [controller.py, governancebridge.py, scorer.py, packethandler.py]', '  generatedocs: [README.md, API_SPEC.md]',
      'deployment:', `  endpoints: [{name: score, path: /agent${i}/v1/score, method: POST, timeout_ms: 500}]`, '```', '');
  }
  return blocks.join('\n');
}

function timeNx(args: string[], prepare?: (dir: string) => void): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const dir = scratchWorkspace();
    prepare?.(dir);
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [join(repo, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args, '--no-interactive'], { cwd: dir, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' }, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`nx ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    samples.push(ms);
    rmSync(dir, { recursive: true, force: true });
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const library = timeNx(['g', '@nx/js:library', 'libs/bench-lib', '--bundler=none', '--unitTestRunner=none', '--linter=none', '--skipPackageJson']);
const example = timeNx(['g', 'l9:ecosystem', '--schema=templates/examples/tensoraios-ecosystem.md,templates/examples/main-agent.yaml']);
const synthetic = [50, 200].map((count) => ({
  count,
  ms: timeNx(['g', 'l9:ecosystem', '--schema', 'synthetic.md'], (dir) => writeFileSync(join(dir, 'synthetic.md'), syntheticCollection(count))),
}));

const line = (label: string, ms: number) => `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s   ${(ms / library).toFixed(2)}x library`;
process.stdout.write(`median of ${runs} runs, whole process, daemon off\n`);
process.stdout.write(`${line('nx g @nx/js:library (baseline)', library)}\n`);
process.stdout.write(`${line('nx g l9:ecosystem (5-agent example)', example)}\n`);
for (const { count, ms } of synthetic) process.stdout.write(`${line(`nx g l9:ecosystem (${count} agents)`, ms)}\n`);
rmSync(nodeModules, { recursive: true, force: true });
process.stdout.write(`targets: example <= library: ${example <= library ? 'met' : 'missed'}; 200 agents < 30 s: ${synthetic[1]!.ms < 30_000 ? 'met' : 'missed'}\n`);
