import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const repo = join(__dirname, '..', '..');

/**
 * Builds the plugin, then makes a node_modules with links to every package of this repository and a copy
 * of the built `l9`: a copy, so a rebuild of dist/ during the run cannot take the plugin away mid-measure.
 * The folder is named node_modules so the copy resolves its own dependencies through the links beside it.
 */
export function linkedNodeModules(): string {
  execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(repo, 'tools', 'build', 'build-package.ts'), 'l9'],
    { cwd: repo, stdio: 'ignore' },
  );
  const dir = join(mkdtempSync(join(tmpdir(), 'l9-bench-modules-')), 'node_modules');
  mkdirSync(dir);
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry === 'l9' || entry === '.bin') continue;
    symlinkSync(join(repo, 'node_modules', entry), join(dir, entry), 'dir');
  }
  cpSync(join(repo, 'dist', 'packages', 'l9'), join(dir, 'l9'), { recursive: true });
  return dir;
}

/** A minimal Nx workspace (package.json, nx.json, the example schemas) over the given node_modules. */
export function scratchWorkspace(nodeModules: string, nxJson: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'l9-bench-'));
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(
    join(dir, 'nx.json'),
    JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', ...nxJson }),
  );
  writeFileSync(
    join(dir, 'tsconfig.base.json'),
    JSON.stringify({ compilerOptions: { baseUrl: '.', paths: {} } }),
  );
  mkdirSync(join(dir, 'templates', 'examples'), { recursive: true });
  for (const file of ['tensoraios-ecosystem.md', 'main-agent.yaml'])
    copyFileSync(join(repo, 'templates', 'examples', file), join(dir, 'templates', 'examples', file));
  return dir;
}

export const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

/** Runs the Nx CLI in `dir`; returns wall milliseconds; throws with the output when it fails. */
export function runNx(dir: string, args: string[], env: Record<string, string> = {}): number {
  const started = process.hrtime.bigint();
  nxOutput(dir, args, env);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs the Nx CLI in `dir` and returns what it printed; throws with the output when it fails. */
export function nxOutput(dir: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(
    process.execPath,
    [join(repo, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args],
    { cwd: dir, env: { ...process.env, ...NX_ENV, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0)
    throw new Error(`nx ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** Median and spread of one measurement's samples, in milliseconds. */
export interface Samples {
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: number[]): Samples {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

/** `1.23 s (1.10–1.40)`: the median and the range it was taken from. */
export function spread({ median: m, min, max }: Samples): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(2);
  return `${seconds(m)} s (${seconds(min)}–${seconds(max)})`;
}

export function dispose(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Removes what linkedNodeModules made, the folder around the node_modules included. */
export function disposeNodeModules(nodeModules: string): void {
  dispose(dirname(nodeModules));
}

/**
 * A Markdown collection of `count` agents, each depending on up to two earlier ones. With `softEdges`, each
 * also has a soft dependency on the agent two before it (accepted by the plan) and every seventh one on an
 * agent three after it, which the hard chain already orders the other way (dropped, L9I051).
 */
export function syntheticCollection(
  count: number,
  { softEdges = false }: { softEdges?: boolean } = {},
): string {
  const blocks = ['---', `title: Synthetic ${count}`, '---', ''];
  for (let i = 0; i < count; i += 1) {
    const deps = [i - 1, i - 5].filter((d) => d >= 0).map((d) => `Agent${d}`);
    const soft = softEdges
      ? [i - 2, i % 7 === 0 ? i + 3 : -1].filter((d) => d >= 0 && d < count).map((d) => `Agent${d}`)
      : [];
    blocks.push(
      '```yaml',
      `name: Agent${i}`,
      `system: Synthetic agent ${i}`,
      'role: Scores a synthetic batch.',
      `depends_on: {hard: [${deps.join(', ')}]${soft.length > 0 ? `, soft: [${soft.join(', ')}]` : ''}}`,
      'governance: {anchors: [Igor], mode: hybrid, escalationpolicy: "Auto-escalate if: confidence < 0.5"}',
      'cursorinstructions:',
      '  generatefiles: [controller.py, governancebridge.py, scorer.py, packethandler.py]',
      '  generatedocs: [README.md, API_SPEC.md]',
      'deployment:',
      `  endpoints: [{name: score, path: /agent${i}/v1/score, method: POST, timeout_ms: 500}]`,
      '```',
      '',
    );
  }
  return blocks.join('\n');
}
