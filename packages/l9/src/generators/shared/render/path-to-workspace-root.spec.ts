import { offsetFromRoot } from '@nx/devkit';
import { pathToWorkspaceRoot } from './path-to-workspace-root';

describe('pathToWorkspaceRoot', () => {
  it.each([
    'agents/tensoraios',
    'agents/tensoraios/',
    'apps',
    './agents/a',
    'agents//deep/er/x',
    'agents/a/../b',
    '.',
  ])('spells %p as offsetFromRoot of @nx/devkit does', (projectRoot) => {
    expect(pathToWorkspaceRoot(projectRoot)).toBe(offsetFromRoot(projectRoot));
  });

  it('climbs one level per folder', () => {
    expect(pathToWorkspaceRoot('agents/tensoraios')).toBe('../../');
    expect(pathToWorkspaceRoot('.')).toBe('./');
  });
});
