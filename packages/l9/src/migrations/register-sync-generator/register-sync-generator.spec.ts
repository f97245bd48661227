import { readNxJson, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import registerSyncGeneratorMigration from './register-sync-generator';

describe('the 0.2.0 migration', () => {
  it('adds l9:sync to the global sync generators of a workspace 0.1.0 set up, keeping the others', async () => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, {
      ...readNxJson(tree),
      plugins: [{ plugin: 'l9/plugin', options: {} }],
      sync: { globalGenerators: ['@nx/js:typescript-sync'] },
    });
    await registerSyncGeneratorMigration(tree);
    expect(readNxJson(tree)!.sync!.globalGenerators).toEqual(['@nx/js:typescript-sync', 'l9:sync']);
  });

  it('changes nothing where l9:sync is already listed', async () => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, { ...readNxJson(tree), sync: { globalGenerators: ['l9:sync'] } });
    const before = tree.read('nx.json', 'utf-8');
    await registerSyncGeneratorMigration(tree);
    expect(tree.read('nx.json', 'utf-8')).toBe(before);
  });
});
