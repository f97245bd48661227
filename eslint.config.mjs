// ESLint for the whole workspace: typescript-eslint's recommended rules (not type-aware, so a lint run parses
// files without building TypeScript programs), style left to Prettier alone, and the direction rule between the
// rooms of the plugin (see ARCHITECTURE.md, "The direction rule"). Nx infers each project's cached `lint` target
// from this file (@nx/eslint/plugin in nx.json), which runs `eslint .` in the project's root.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const workspaceRoot = fileURLToPath(new URL('.', import.meta.url));
const l9Source = 'packages/l9/src';

/**
 * The rooms of packages/l9/src from left to right: a room imports only from the rooms to its left. The root files
 * of src that are neither the entry nor a spec (`text-table.ts`, `command-line.ts`, …) are the first room's, so a new
 * shared utility needs no entry here; a new folder must be placed, or loading this file fails naming it.
 */
const L9_ROOMS = [
  { name: 'foundation', paths: ['diagnostics'], rootFiles: true },
  { name: 'schema', paths: ['schema'] },
  { name: 'meta', paths: ['meta'] },
  { name: 'graph', paths: ['graph'] },
  { name: 'plan', paths: ['plan'] },
  { name: 'deploy', paths: ['deploy'] },
  { name: 'generators', paths: ['generators'] },
  { name: 'evidence', paths: ['evidence'] },
  { name: 'plugin', paths: ['plugin', '../plugin.ts'] },
  { name: 'executors', paths: ['executors'] },
  { name: 'entries', paths: ['cli', 'migrations', 'index.ts'], rootSpecs: true },
];

/** Test helpers shared by the specs of every room; they read the rooms up to the plan. */
const L9_TEST_HELPERS = 'testing';
const L9_TEST_HELPERS_READ_UP_TO = 'plan';

function l9RoomPaths() {
  const entries = readdirSync(join(workspaceRoot, l9Source)).sort();
  const placed = new Set([L9_TEST_HELPERS, ...L9_ROOMS.flatMap((room) => room.paths)]);
  const rooms = L9_ROOMS.map((room) => ({ ...room, paths: [...room.paths] }));
  for (const entry of entries) {
    if (placed.has(entry)) continue;
    const isFolder = statSync(join(workspaceRoot, l9Source, entry)).isDirectory();
    if (isFolder) {
      throw new Error(
        `eslint.config.mjs: ${l9Source}/${entry}/ has no place in L9_ROOMS; add it to the room whose imports it shares (ARCHITECTURE.md, "The direction rule")`,
      );
    }
    if (!entry.endsWith('.ts')) continue;
    const room = entry.endsWith('.spec.ts') ? rooms.find((r) => r.rootSpecs) : rooms.find((r) => r.rootFiles);
    room.paths.push(entry);
  }
  return rooms.map((room) => ({ ...room, paths: room.paths.map((p) => join(l9Source, p)) }));
}

/** One zone per room: its files may not import any room to its right, nor test helpers unless they are tests. */
function directionZones(rooms, { isTest }) {
  const zones = rooms.flatMap((room, index) => {
    const right = rooms.slice(index + 1).flatMap((r) => r.paths);
    if (right.length === 0) return [];
    return [
      {
        target: room.paths,
        from: right,
        message: `The ${room.name} room imports only from rooms to its left (eslint.config.mjs L9_ROOMS, ARCHITECTURE.md).`,
      },
    ];
  });
  const helpers = join(l9Source, L9_TEST_HELPERS);
  const readable = rooms.findIndex((room) => room.name === L9_TEST_HELPERS_READ_UP_TO);
  zones.push({
    target: helpers,
    from: rooms.slice(readable + 1).flatMap((r) => r.paths),
    message: `${helpers} holds test helpers every room's specs share, so it reads only rooms up to ${L9_TEST_HELPERS_READ_UP_TO}.`,
  });
  if (!isTest) {
    zones.push({
      target: l9Source,
      from: `${l9Source}/**/testing/**`,
      message: 'A testing/ folder holds test helpers: only specs and other test helpers import it.',
    });
  }
  return zones;
}

/** Each generated agent imports @l9/runtime and its own files, nothing else of the workspace or of npm. */
function agentZones() {
  const agentsDir = join(workspaceRoot, 'agents');
  const agents = readdirSync(agentsDir)
    .filter((name) => statSync(join(agentsDir, name)).isDirectory())
    .sort();
  return agents.map((name) => ({
    target: `agents/${name}/src`,
    from: '.',
    except: [`./agents/${name}`, './packages/runtime/src'],
    message: `A generated agent imports only @l9/runtime and its own files; change the renderer in packages/l9/src/generators/shared/render/.`,
  }));
}

const runtimeZones = [
  {
    target: 'packages/runtime',
    from: ['packages/l9', 'tools', 'e2e'],
    message: 'The runtime imports nothing from the plugin or the tools: generated agents load it alone.',
  },
];

/** l9 code reaches the runtime through its light entry only; specs may start agents with the whole runtime. */
const l9RuntimeZones = [
  {
    target: 'packages/l9',
    from: 'packages/runtime',
    except: ['./src/shared'],
    message:
      'l9 imports the runtime through @l9/runtime/shared only (fastify, pg and the SDKs stay out of the plugin).',
  },
];

/** Nx loads the plugin entry to build the project graph: only the runtime's light subpath `shared` may come in. */
const pluginEntryZones = [
  {
    target: ['packages/l9/plugin.ts', join(l9Source, 'plugin')],
    from: 'packages/runtime',
    except: ['./src/shared'],
    message:
      'The plugin entry builds the project graph and must stay light: import @l9/runtime/shared, not the runtime itself.',
  },
];

const rooms = l9RoomPaths();
// What only tests use, as tools/build/test-only-files.ts names it for the published packages.
const testFiles = [
  'packages/**/*.spec.ts',
  'packages/**/testing/**/*.ts',
  'packages/**/*-test-support.ts',
  'packages/**/*-test-fixture.ts',
];
const restrictedPaths = (zones) => ['error', { basePath: workspaceRoot, zones }];
const commonZones = [...runtimeZones, ...pluginEntryZones, ...agentZones()];

export default defineConfig(
  {
    ignores: [
      '**/dist/',
      '**/coverage/',
      'tmp/',
      '.nx/',
      '**/.l9/',
      '**/node_modules/',
      // ajv's standalone validator code, written by tools/build/write-draft-2020-12-validator.ts: ajv's style, not ours.
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // The code base names what it leaves unused with a leading underscore, most often to drop a property from
      // a copy (`const { secret: _secret, ...rest } = value`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    // CommonJS files (Jest configs, the bin) load modules with require by definition.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Only where a zone applies: the rule resolves every import of a file it runs on.
    files: ['packages/**/*.ts', 'agents/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': restrictedPaths([
        ...commonZones,
        ...l9RuntimeZones,
        ...directionZones(rooms, { isTest: false }),
      ]),
    },
  },
  {
    files: testFiles,
    rules: {
      'import-x/no-restricted-paths': restrictedPaths([
        ...commonZones,
        ...directionZones(rooms, { isTest: true }),
      ]),
    },
  },
  prettier,
);
