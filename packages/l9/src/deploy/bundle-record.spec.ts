import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { workspaceRoot } from '../testing/reference-inputs';
import { bundleAgents } from './agent-bundle';
import { AGENT_BUNDLE } from './agent-entry';
import { BUNDLE_RECORD, bundleExternals, bundleProblem, requireBuiltBundles } from './bundle-record';
import { DeployError } from './deployment-plan';

const root = workspaceRoot();
let dir: string;
let lib: string;

/** An agent project whose main.ts imports a package linked from the workspace's sources, so the bundle compiles it in. */
function agent(id: string): { id: string; name: string; projectRoot: string } {
  const projectRoot = join(dir, id);
  mkdirSync(join(projectRoot, 'src'), { recursive: true });
  writeFileSync(
    join(projectRoot, 'src', 'main.ts'),
    "import { greet } from '@scratch/greeting';\nimport { parse } from 'yaml';\nimport { join } from 'node:path';\nprocess.stdout.write(join(greet(parse('agent')), '.'));\n",
  );
  return { id, name: `${id.toUpperCase()}Agent`, projectRoot };
}

function refusal(agents: Parameters<typeof requireBuiltBundles>[0], target?: string): string {
  try {
    requireBuiltBundles(agents, target);
  } catch (error) {
    expect(error).toBeInstanceOf(DeployError);
    return (error as Error).message;
  }
  throw new Error('the bundles were accepted');
}

beforeEach(() => {
  // Under the workspace (git ignores tmp/), so installed packages resolve from its node_modules.
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'bundle-record-'));
  lib = join(dir, 'libs', 'greeting');
  mkdirSync(join(lib, 'src'), { recursive: true });
  writeFileSync(
    join(lib, 'package.json'),
    JSON.stringify({ name: '@scratch/greeting', main: './src/index.ts' }),
  );
  writeFileSync(
    join(lib, 'src', 'index.ts'),
    'export const greet = (name: string): string => `hello ${name}`;\n',
  );
  mkdirSync(join(dir, 'node_modules', '@scratch'), { recursive: true });
  symlinkSync(lib, join(dir, 'node_modules', '@scratch', 'greeting'), 'dir');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the record of what a bundle was built from', () => {
  it('lists every file compiled in, the workspace package too, and is the same bytes for the same sources', async () => {
    const one = agent('one');
    await bundleAgents([one.projectRoot]);
    const first = readFileSync(join(one.projectRoot, BUNDLE_RECORD), 'utf8');
    const record = JSON.parse(first) as { sources: Record<string, string>; external: string[] };
    expect(Object.keys(record.sources)).toEqual(['../libs/greeting/src/index.ts', 'src/main.ts']);
    // Installed packages stay requires, and the record says which: what an image's runtime stage must install.
    expect(record.external).toEqual(['yaml']);
    expect(bundleExternals(one.projectRoot)).toEqual(['yaml']);
    await bundleAgents([one.projectRoot]);
    expect(readFileSync(join(one.projectRoot, BUNDLE_RECORD), 'utf8')).toBe(first);
    expect(bundleProblem(one.projectRoot)).toBeUndefined();
    expect(() => requireBuiltBundles([one])).not.toThrow();
  });

  it('refuses a bundle whose compiled-in source changed or is gone, naming the agent, the file and the command that builds it', async () => {
    const [one, two] = [agent('one'), agent('two')];
    await bundleAgents([one.projectRoot, two.projectRoot]);
    writeFileSync(
      join(lib, 'src', 'index.ts'),
      'export const greet = (name: string): string => `hi ${name}`;\n',
    );
    expect(refusal([one, two])).toBe(
      [
        '2 agents have no bundle built from their current sources:',
        `  ONEAgent (one): ${relative(process.cwd(), join(one.projectRoot, AGENT_BUNDLE))} is out of date: ../libs/greeting/src/index.ts changed since it was built`,
        `  TWOAgent (two): ${relative(process.cwd(), join(two.projectRoot, AGENT_BUNDLE))} is out of date: ../libs/greeting/src/index.ts changed since it was built`,
        'build them with: npx nx run-many -t bundle -p one,two',
      ].join('\n'),
    );
    await bundleAgents([one.projectRoot, two.projectRoot]);
    unlinkSync(join(two.projectRoot, 'src', 'main.ts'));
    expect(refusal([one, two], 'build-agent')).toBe(
      [
        'one agent has no bundle built from its current sources:',
        `  TWOAgent (two): ${relative(process.cwd(), join(two.projectRoot, AGENT_BUNDLE))} is out of date: src/main.ts is gone since it was built`,
        'build it with: npx nx run-many -t build-agent -p two',
      ].join('\n'),
    );
  });

  it('refuses a missing bundle, and a bundle with no record of its sources', async () => {
    const [one, two] = [agent('one'), agent('two')];
    await bundleAgents([two.projectRoot]);
    unlinkSync(join(two.projectRoot, BUNDLE_RECORD));
    const message = refusal([one, two]);
    expect(message).toContain(
      `ONEAgent (one): no bundle at ${relative(process.cwd(), join(one.projectRoot, AGENT_BUNDLE))}`,
    );
    expect(message).toContain(
      `TWOAgent (two): ${relative(process.cwd(), join(two.projectRoot, AGENT_BUNDLE))} has no readable record of its sources (${BUNDLE_RECORD})`,
    );
    expect(message).toContain('build them with: npx nx run-many -t bundle -p one,two');
  });
});
