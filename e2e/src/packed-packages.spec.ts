import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun } from './support/commands';
import { packedPackages, repoRoot } from './support/packed-packages';
import { NX_VERSION } from './support/template-workspace';

/** Paths inside a tarball, without npm's `package/` prefix. */
function tarballEntries(tarball: string): string[] {
  return mustRun('tar', ['-tzf', tarball], repoRoot)
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''))
    .sort();
}

/**
 * The names a compiled module exports as functions, read in a separate Node whose module path is this
 * repository's node_modules: the module's own imports (nx, @nx/devkit) are the workspace's, not the tarball's.
 */
function exportedFunctions(file: string): string[] {
  const script =
    'const m = require(process.argv[1]); console.log(JSON.stringify(Object.keys(m).filter((k) => typeof m[k] === "function")))';
  const result = spawnSync(process.execPath, ['-e', script, file], {
    env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${file} does not load:\n${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

/** A `require('…')` of a fixed name; names built from template text (`${…}`) are code the generators write, not load. */
const REQUIRE = /\brequire\((["'])([^"'$`]+)\1\)/g;

/**
 * The packages the compiled code of an unpacked package requires, each with one file that does: its own
 * imports, lazy ones of optional backends included. Node's built-in modules are left out.
 */
function requiredPackages(root: string, entries: string[]): Map<string, string> {
  const builtin = new Set(builtinModules);
  const required = new Map<string, string>();
  for (const entry of entries.filter((e) => /\.c?js$/.test(e))) {
    for (const [, , name] of readFileSync(join(root, entry), 'utf8').matchAll(REQUIRE)) {
      if (name!.startsWith('.') || name!.startsWith('node:')) continue;
      const packageName = name!
        .split('/')
        .slice(0, name!.startsWith('@') ? 2 : 1)
        .join('/');
      if (!builtin.has(packageName) && !required.has(packageName)) required.set(packageName, entry);
    }
  }
  return required;
}

const TEST_ONLY = /(\.spec\.|\.test\.|(^|\/)testing\/|(^|\/)__fixtures__\/|-test-support\.|-test-fixture\.)/;

/** What users never need: tests and their helpers, and TypeScript sources next to the compiled code. */
function unwanted(entry: string): boolean {
  return TEST_ONLY.test(entry) || (entry.endsWith('.ts') && !entry.endsWith('.d.ts'));
}

describe('the packed tarballs', () => {
  const packs = packedPackages();
  let unpacked: string;
  beforeAll(() => {
    unpacked = mkdtempSync(join(tmpdir(), 'l9-e2e-unpacked-'));
    for (const [name, tarball] of Object.entries(packs)) {
      mkdirSync(join(unpacked, name));
      mustRun('tar', ['-xzf', tarball, '-C', join(unpacked, name)], unpacked);
    }
  });
  afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

  it.each(['l9', 'runtime'] as const)(
    '%s carries compiled code only: no specs, test helpers, fixtures or TypeScript sources',
    (name) => {
      const entries = tarballEntries(packs[name]);
      expect(entries.filter(unwanted)).toEqual([]);
      expect(entries).toEqual(expect.arrayContaining(['package.json', 'src/index.js', 'src/index.d.ts']));
    },
  );

  it('l9 names its generators and executors by files that are in the tarball, compiled', () => {
    const root = join(unpacked, 'l9', 'package');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, string>;
    const generators = JSON.parse(readFileSync(join(root, manifest['generators']!), 'utf8')) as {
      generators: Record<string, { factory: string; schema: string }>;
    };
    const executors = JSON.parse(readFileSync(join(root, manifest['executors']!), 'utf8')) as {
      executors: Record<string, { implementation: string; schema: string }>;
    };
    expect(Object.keys(generators.generators).sort()).toEqual(['agent', 'ecosystem', 'init', 'sync']);
    for (const { factory, schema } of Object.values(generators.generators)) {
      const [file, exported] = factory.split('#') as [string, string | undefined];
      expect([existsSync(join(root, `${file}.js`)), existsSync(join(root, schema))]).toEqual([true, true]);
      if (exported !== undefined) expect(exportedFunctions(join(root, `${file}.js`))).toContain(exported);
    }
    for (const { implementation, schema } of Object.values(executors.executors))
      expect([existsSync(join(root, `${implementation}.js`)), existsSync(join(root, schema))]).toEqual([
        true,
        true,
      ]);
    const migrations = JSON.parse(
      readFileSync(
        join(root, (manifest['nx-migrations'] as unknown as { migrations: string }).migrations),
        'utf8',
      ),
    ) as { generators: Record<string, { implementation: string }> };
    for (const { implementation } of Object.values(migrations.generators))
      expect(existsSync(join(root, `${implementation}.js`))).toBe(true);
    expect(existsSync(join(root, 'plugin.js'))).toBe(true);
    expect(existsSync(join(root, 'schemas', 'agent.schema.json'))).toBe(true);
  });

  it('l9 declares Nx and TypeScript as peers and its run-time libraries as dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'l9', 'package', 'package.json'), 'utf8')) as {
      version: string;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@nx/devkit', 'nx', 'typescript']);
    expect(manifest.peerDependencies['nx']).toBe(`^${NX_VERSION}`);
    expect(manifest.peerDependencies['@nx/devkit']).toBe(`^${NX_VERSION}`);
    // ajv compiles endpoint schemas at generation; the A2A client is the integration matrix's a2a leg; the
    // runtime's light `shared` entry gives canonical JSON, SHA-256 and the policy grammar, at l9's own version.
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@a2a-js/sdk',
      '@l9/runtime',
      'ajv',
      'esbuild',
      'fastest-levenshtein',
      'yaml',
      'zod',
    ]);
    expect(manifest.dependencies['@l9/runtime']).toBe(manifest.version);
  });

  it('@l9/runtime exports its light shared entry, compiled, with what l9 imports from it', () => {
    const root = join(unpacked, 'runtime', 'package');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(manifest.exports['./shared']).toEqual({
      types: './src/shared/index.d.ts',
      default: './src/shared/index.js',
    });
    expect(existsSync(join(root, 'src', 'shared', 'index.d.ts'))).toBe(true);
    expect(exportedFunctions(join(root, 'src', 'shared', 'index.js'))).toEqual(
      expect.arrayContaining(['canonicalize', 'canonicalSha256', 'sha256Hex', 'parseEscalationPolicy']),
    );
  });

  it('@l9/runtime depends on the server, protocol (A2A, MCP), schema, token, stream, store and metrics libraries it loads', () => {
    const manifest = JSON.parse(
      readFileSync(join(unpacked, 'runtime', 'package', 'package.json'), 'utf8'),
    ) as { name: string; dependencies: Record<string, string> };
    expect(manifest.name).toBe('@l9/runtime');
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@a2a-js/sdk',
      '@modelcontextprotocol/sdk',
      'ajv',
      'ajv-formats',
      'fastify',
      'ioredis',
      'jose',
      'kysely',
      'neo4j-driver',
      'pg',
      'pino',
      'prom-client',
      'zod',
    ]);
  });

  it.each(['l9', 'runtime'] as const)(
    '%s declares every package its compiled code requires, as a dependency or a peer',
    (name) => {
      const root = join(unpacked, name, 'package');
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const declared = new Set([
        manifest.name,
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      const required = requiredPackages(root, tarballEntries(packs[name]));
      expect(
        [...required]
          .filter(([pkg]) => !declared.has(pkg))
          .map(([pkg, file]) => `${pkg} (required by ${file})`),
      ).toEqual([]);
      // Every dependency is loaded somewhere: none is shipped to users for nothing.
      expect(Object.keys(manifest.dependencies ?? {}).filter((pkg) => !required.has(pkg))).toEqual([]);
    },
  );
});
