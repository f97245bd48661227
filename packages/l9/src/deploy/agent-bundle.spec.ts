import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { workspaceRoot } from '../testing/reference-inputs';
import { bundleAgents } from './agent-bundle';
import { AGENT_BUNDLE, AGENT_BUNDLE_DIR, AGENT_COMMAND } from './agent-entry';
import { DeployError } from './deployment-plan';

const root = workspaceRoot();
let dir: string;

/** A project with `src/main.ts` under the scratch folder. */
function project(name: string, main: string): string {
  const projectRoot = join(dir, name);
  mkdirSync(join(projectRoot, 'src'), { recursive: true });
  writeFileSync(join(projectRoot, 'src', 'main.ts'), main);
  return projectRoot;
}

beforeEach(() => {
  // Under the workspace (git ignores tmp/), so installed packages resolve from its node_modules.
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'bundle-'));
  // A package linked from the workspace's sources, as npm workspaces link @l9/runtime: its entry is TypeScript.
  const lib = join(dir, 'libs', 'greeting');
  mkdirSync(join(lib, 'src'), { recursive: true });
  writeFileSync(
    join(lib, 'package.json'),
    JSON.stringify({ name: '@scratch/greeting', main: './src/index.ts' }),
  );
  writeFileSync(
    join(lib, 'src', 'index.ts'),
    'export const greet = (name: string): string => `compiled-in greeting for ${name}`;\n',
  );
  mkdirSync(join(dir, 'node_modules', '@scratch'), { recursive: true });
  symlinkSync(lib, join(dir, 'node_modules', '@scratch', 'greeting'), 'dir');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('bundleAgents', () => {
  it('compiles workspace sources into one file that runs with plain node, and leaves installed packages to node_modules', async () => {
    const agent = project(
      'agent',
      [
        "import { greet } from '@scratch/greeting';",
        "import { parse } from 'yaml';",
        "import { basename } from 'node:path';",
        "process.stdout.write(`${greet(parse('name: agent').name)} in ${basename(process.cwd())}`);",
        '',
      ].join('\n'),
    );
    await bundleAgents([agent]);
    const bundle = readFileSync(join(agent, AGENT_BUNDLE), 'utf8');
    expect(bundle).toContain('compiled-in greeting for');
    expect(bundle).toContain('require("yaml")');
    expect(bundle).not.toContain('class Composer');
    expect(existsSync(join(agent, `${AGENT_BUNDLE}.map`))).toBe(true);
    const [command, ...args] = AGENT_COMMAND;
    expect(command).toBe('node');
    expect(execFileSync(process.execPath, args, { cwd: agent, encoding: 'utf8' })).toBe(
      'compiled-in greeting for agent in agent',
    );
  });

  it('builds several agents at once, each into its own project', async () => {
    const agents = ['one', 'two', 'three'].map((name) => project(name, `process.stdout.write('${name}');\n`));
    await bundleAgents(agents);
    for (const [index, agent] of agents.entries()) {
      expect(execFileSync(process.execPath, [AGENT_BUNDLE], { cwd: agent, encoding: 'utf8' })).toBe(
        ['one', 'two', 'three'][index],
      );
    }
  });

  it("gives agents built together in one esbuild build the very bytes each one's own build gives", async () => {
    // First, and so the folder the shared build runs from: a linked workspace package, an installed one, a local module.
    const linked = project(
      'linked',
      [
        "import { greet } from '@scratch/greeting';",
        "import { parse } from 'yaml';",
        "import { local } from './local';",
        'process.stdout.write(`${greet(parse(local).name)}`);',
        '',
      ].join('\n'),
    );
    writeFileSync(join(linked, 'src', 'local.ts'), "export const local = 'name: linked';\n");
    // The runtime: TypeScript compiled in, with CommonJS packages nested under it that esbuild names by their path.
    const runtime = project(
      'runtime',
      "import { runAgentProcess } from '@l9/runtime';\nvoid runAgentProcess;\n",
    );
    // A CommonJS file of its own, which esbuild names by its path in the project: built alone.
    const commonJs = project(
      'common-js',
      "import legacy = require('./legacy.cjs');\nprocess.stdout.write(legacy.name);\n",
    );
    writeFileSync(join(commonJs, 'src', 'legacy.cjs'), "module.exports = { name: 'common-js' };\n");
    // Its own node_modules: the bundle's folder finds the package there and leaves it external, where its siblings'
    // find the linked one and compile it in. (An ES module, which esbuild does not name by its path: only the grouping
    // keeps this bundle apart.)
    const ownModules = project(
      'own-modules',
      "import { greet } from '@scratch/greeting';\nprocess.stdout.write(greet('own-modules'));\n",
    );
    const installed = join(ownModules, 'node_modules', '@scratch', 'greeting');
    mkdirSync(installed, { recursive: true });
    writeFileSync(
      join(installed, 'package.json'),
      JSON.stringify({ name: '@scratch/greeting', main: './index.mjs' }),
    );
    writeFileSync(
      join(installed, 'index.mjs'),
      'export const greet = (name) => `installed greeting for ${name}`;\n',
    );

    const agents = [linked, runtime, commonJs, ownModules];
    const files = (agent: string) =>
      ['main.js', 'main.js.map', 'sources.json'].map((file) =>
        readFileSync(join(agent, AGENT_BUNDLE_DIR, file)),
      );
    for (const agent of agents) await bundleAgents([agent]);
    const alone = agents.map(files);
    for (const agent of agents) rmSync(join(agent, AGENT_BUNDLE_DIR), { recursive: true });
    await bundleAgents(agents);
    for (const [index, agent] of agents.entries())
      for (const [file, bytes] of files(agent).entries())
        expect({ agent: relative(dir, agent), file, same: bytes.equals(alone[index]![file]!) }).toEqual({
          agent: relative(dir, agent),
          file,
          same: true,
        });
    expect(readFileSync(join(ownModules, AGENT_BUNDLE), 'utf8')).toContain('require("@scratch/greeting")');
    expect(readFileSync(join(linked, AGENT_BUNDLE), 'utf8')).toContain('compiled-in greeting for');
    expect(execFileSync(process.execPath, [AGENT_BUNDLE], { cwd: commonJs, encoding: 'utf8' })).toBe(
      'common-js',
    );
  });

  it('maps a thrown error back to its TypeScript file and line under the deployed command, though the bundle has no comments or indentation', async () => {
    const agent = project(
      'throws',
      [
        '/** A comment the bundle leaves out. */',
        'function fail(reason: string): never {',
        '  throw new Error(`failed: ${reason}`);',
        '}',
        "fail('on purpose');",
        '',
      ].join('\n'),
    );
    await bundleAgents([agent]);
    const bundle = readFileSync(join(agent, AGENT_BUNDLE), 'utf8');
    expect(bundle).not.toContain('A comment the bundle leaves out');
    expect(bundle).not.toMatch(/\n {2}/);
    const [, ...args] = AGENT_COMMAND;
    const run = spawnSync(process.execPath, args, { cwd: agent, encoding: 'utf8' });
    expect(run.status).toBe(1);
    // Under FORCE_COLOR (as Nx runs tasks) Node colours the stack; the mapping is what is checked, not the colours.
    const stderr = stripVTControlCharacters(run.stderr);
    expect(stderr).toContain('failed: on purpose');
    expect(stderr).toMatch(/at fail \(\S*src[\\/]main\.ts:3:\d+\)/);
  });

  it('compiles the runtime into ASCII only, so V8 holds an agent’s bundle at one byte a character', async () => {
    const agent = project(
      'runtime',
      "import { runAgentProcess } from '@l9/runtime';\nvoid runAgentProcess;\n",
    );
    await bundleAgents([agent]);
    const bundle = readFileSync(join(agent, AGENT_BUNDLE), 'utf8');
    // Each character beyond ASCII with what surrounds it, to find the source that wrote it.
    const beyondAscii = [...bundle.matchAll(/\P{ASCII}/gu)].map(
      (match) => `${match[0]} in …${bundle.slice(Math.max(0, match.index - 60), match.index + 20)}…`,
    );
    expect(beyondAscii).toEqual([]);
  });

  it('names the file, line and column of every compile error and writes no bundle at all', async () => {
    const fine = project('fine', "process.stdout.write('fine');\n");
    const broken = project('broken', 'export const fine = 1;\nconst missing = ;\n');
    const unresolved = project(
      'unresolved',
      "import { nothing } from 'no-such-package-anywhere';\nconsole.log(nothing);\n",
    );
    const error = await bundleAgents([fine, broken, unresolved]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    const message = (error as DeployError).message;
    expect(message).toContain(
      `${relative(process.cwd(), join(broken, 'src', 'main.ts'))}:2:17: Unexpected ";"`,
    );
    expect(message).toMatch(
      new RegExp(
        `${relative(process.cwd(), join(unresolved, 'src', 'main.ts')).replace(/[.\\/]/g, '\\$&')}:1:\\d+: Could not resolve "no-such-package-anywhere"`,
      ),
    );
    for (const agent of [fine, broken, unresolved]) expect(existsSync(join(agent, AGENT_BUNDLE))).toBe(false);
  });
});
