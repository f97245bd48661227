import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OverlayTree } from './overlay-tree';

describe('OverlayTree', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'l9-overlay-'));
    mkdirSync(join(root, 'agents/a/src'), { recursive: true });
    writeFileSync(join(root, 'agents/a/agent.yaml'), 'name: A\n');
    writeFileSync(join(root, 'agents/a/src/main.ts'), 'main\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the folder with its pending changes on top and writes nothing to disk', () => {
    const tree = new OverlayTree(root);
    tree.write('agents/a/agent.yaml', 'name: B\n');
    tree.write('agents/b/agent.yaml', 'name: C\n');
    tree.delete('agents/a/src');
    expect(tree.read('agents/a/agent.yaml', 'utf-8')).toBe('name: B\n');
    expect(tree.read(join(root, 'agents/b/agent.yaml'), 'utf-8')).toBe('name: C\n');
    expect(tree.exists('agents/a/src/main.ts')).toBe(false);
    expect(tree.children('agents')).toEqual(['a', 'b']);
    expect(tree.isFile('agents/b')).toBe(false);
    expect(readFileSync(join(root, 'agents/a/agent.yaml'), 'utf8')).toBe('name: A\n');
    expect(readdirSync(join(root, 'agents'))).toEqual(['a']);
  });

  it('lists only real changes: a write of the bytes on disk is none', () => {
    const tree = new OverlayTree(root);
    tree.write('agents/a/agent.yaml', 'name: A\n');
    tree.write('agents/a/README.md', 'readme\n');
    tree.rename('agents/a/src/main.ts', 'agents/a/src/index.ts');
    expect(tree.listChanges().map((c) => [c.path, c.type])).toEqual([
      ['agents/a/README.md', 'CREATE'],
      ['agents/a/src/index.ts', 'CREATE'],
      ['agents/a/src/main.ts', 'DELETE'],
    ]);
  });

  it('refuses a path outside the workspace', () => {
    expect(() => new OverlayTree(root).read('../etc/passwd')).toThrow(/outside the workspace/);
  });
});
