import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '../../testing/reference-inputs';
import { bundledMetaFile } from '../shared/meta-files';
import { initGenerator } from './generator';

function snapshot(tree: Tree): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = dir ? `${dir}/${child}` : child;
      if (tree.isFile(path)) files[path] = tree.read(path, 'utf-8')!;
      else walk(path);
    }
  };
  walk('');
  return files;
}

describe('l9:init', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin, writes the four meta templates and adds the runtime', async () => {
    await initGenerator(tree, { skipInstall: true });
    expect(readNxJson(tree)!.plugins).toContainEqual({ plugin: 'l9/plugin', options: {} });
    expect(tree.read('templates/meta/meta.codegen.yaml', 'utf-8')).toBe(bundledMetaFile('meta.codegen.yaml'));
    expect(tree.children('templates/meta').sort()).toEqual(['meta.codegen.yaml', 'meta.dependency.integration.yaml', 'meta.extraction.sequence.yaml', 'meta.validation.checklist.yaml']);
    expect(readJson(tree, 'package.json').dependencies['@l9/runtime']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('changes nothing when run a second time', async () => {
    await initGenerator(tree, { skipInstall: true });
    const first = snapshot(tree);
    await initGenerator(tree, { skipInstall: true });
    expect(snapshot(tree)).toEqual(first);
  });

  it('keeps a meta template the workspace already has, and an existing plugin entry', async () => {
    tree.write('templates/meta/meta.codegen.yaml', '# edited by the team\n');
    const nx = readNxJson(tree)!;
    tree.write('nx.json', JSON.stringify({ ...nx, plugins: ['l9'] }));
    await initGenerator(tree, { skipInstall: true });
    expect(tree.read('templates/meta/meta.codegen.yaml', 'utf-8')).toBe('# edited by the team\n');
    expect(readNxJson(tree)!.plugins).toEqual(['l9']);
  });

  it('leaves package.json alone with skipPackageJson', async () => {
    const before = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipPackageJson: true });
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });
});

describe('the committed templates/meta', () => {
  it('are exactly what l9:init writes', () => {
    for (const name of ['meta.codegen.yaml', 'meta.dependency.integration.yaml', 'meta.extraction.sequence.yaml', 'meta.validation.checklist.yaml']) {
      expect(readFileSync(join(workspaceRoot(), 'templates/meta', name), 'utf8')).toBe(bundledMetaFile(name));
    }
  });
});
