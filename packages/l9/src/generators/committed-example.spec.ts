import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '../testing/reference-inputs';
import { ecosystemGenerator } from './ecosystem/generator';
import { copyIntoTree, diskFiles, treeFiles } from './testing/tree-files';

const EXAMPLES = ['templates/examples/tensoraios-ecosystem.md', 'templates/examples/main-agent.yaml'];
/** Local by-products of running an agent's tests or serving it; git ignores them. */
const BY_PRODUCTS = /\/(coverage|node_modules|\.l9)\//;

describe('the committed agents/ folder', () => {
  it('is exactly what l9:ecosystem generates from templates/examples', async () => {
    const root = workspaceRoot();
    expect(existsSync(join(root, 'agents'))).toBe(true);
    const tree = createTreeWithEmptyWorkspace();
    // With this workspace's own TypeScript base and Jest preset, which the agents extend.
    copyIntoTree(tree, root, [...EXAMPLES, 'tsconfig.base.json', 'jest.preset.cjs']);
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const generated = treeFiles(tree, 'agents');
    const committed = Object.fromEntries(
      Object.entries(diskFiles(root, 'agents')).filter(([path]) => !BY_PRODUCTS.test(path)),
    );
    expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
    const differing = Object.keys(generated).filter((path) => committed[path] !== generated[path]);
    expect(differing).toEqual([]);
  });
});
