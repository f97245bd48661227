import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as yaml from 'yaml';
import { workspaceRoot } from '../../../testing/reference-inputs';
import { ecosystemGenerator } from '../../ecosystem/generator';
import { copyIntoTree } from '../../testing/tree-files';
import { stringifyYaml } from './stringify-yaml';

// The library's stringify, counted: the emitter exists to spell generated files without it.
jest.mock('yaml', () => {
  const actual = jest.requireActual<typeof import('yaml')>('yaml');
  return { ...actual, stringify: jest.fn(actual.stringify) };
});
const library = jest.mocked(yaml.stringify);

/** A small deterministic generator (mulberry32), so every run checks the same values. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces of strings that each change how YAML writes a scalar: indicators, quotes, numbers, booleans, escapes. */
const PIECES = [
  'a',
  'Zeta',
  'agent-1',
  'l9.dev/wave',
  '/x/v1/score',
  ' ',
  '  ',
  ':',
  ': ',
  '#',
  ' #',
  '-',
  '- ',
  '?',
  '? ',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\t',
  '\n',
  '\n\n',
  '---',
  '...',
  'true',
  'False',
  'NULL',
  'null',
  '~',
  '0',
  '42',
  '-7',
  '+3',
  '0x1F',
  '0o17',
  '.5',
  '1.',
  '1e3',
  '.inf',
  '.NaN',
  'é',
  '✓',
  '😀',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u0007',
  '\u001b',
  '\ud800',
  'http://a:80/b',
  'x'.repeat(90),
];

function randomString(random: () => number): string {
  let text = '';
  const pieces = Math.floor(random() * 4);
  for (let i = 0; i < pieces; i += 1) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

function randomValue(random: () => number, depth: number, shared: object[]): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 6 : 10));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return [0, 7, -12, 8000, 2.5, -0, Number.NaN, Infinity, 2 ** 60][Math.floor(random() * 9)];
    case 3:
      return random() < 0.1 ? undefined : randomString(random);
    case 4:
    case 5:
      return randomString(random);
    case 6:
      if (shared.length > 0 && random() < 0.3) return shared[Math.floor(random() * shared.length)];
      return randomCollection(random, depth, shared, true);
    default:
      return randomCollection(random, depth, shared, random() < 0.5);
  }
}

function randomCollection(random: () => number, depth: number, shared: object[], isArray: boolean): object {
  const size = Math.floor(random() * 4);
  const collection: unknown[] | Record<string, unknown> = isArray ? [] : {};
  for (let i = 0; i < size; i += 1) {
    const item = randomValue(random, depth + 1, shared);
    if (Array.isArray(collection)) collection.push(item);
    else collection[randomString(random)] = item;
  }
  shared.push(collection);
  return collection;
}

describe('stringifyYaml', () => {
  it.each([true, false])(
    'writes what stringify of the yaml library writes with lineWidth 0 (aliasDuplicateObjects: %p), for 2,500 generated values',
    (aliasDuplicateObjects) => {
      const random = randomSource(aliasDuplicateObjects ? 9 : 18);
      let spelledByEmitter = 0;
      for (let i = 0; i < 2500; i += 1) {
        const value = randomCollection(random, 0, [], random() < 0.3);
        const expected = yaml.stringify(value, { lineWidth: 0, aliasDuplicateObjects });
        library.mockClear();
        expect({ value, text: stringifyYaml(value, { aliasDuplicateObjects }) }).toEqual({
          value,
          text: expected,
        });
        if (library.mock.calls.length === 0) spelledByEmitter += 1;
      }
      // Both ways are compared: neither the emitter nor the library spelled them all.
      expect(spelledByEmitter).toBeGreaterThan(500);
      expect(spelledByEmitter).toBeLessThan(2000);
    },
  );

  it('spells the shapes generated files use', () => {
    const manifest = {
      apiVersion: 'apps/v1',
      metadata: { name: 'tensoraios', labels: { 'l9.dev/wave': '1', empty: '' }, annotations: {} },
      spec: {
        ports: [8000, 9000],
        containers: [
          { name: 'agent', args: ['--max-semi-space-size=2', 'main.js'], env: [], ok: true, none: null },
        ],
        nested: [['a', 'b'], [], [{}]],
        command: 'node -e "const up = (u) => fetch(u).then((r) => r.ok, () => false);"',
        policy: 'Auto-escalate if: confidence < 0.5',
        quote: "it's",
        summary: 'Receives packets: enriches them.\nAnswers with a decision.\n',
        steps: ['First line\nsecond line'],
      },
      skipped: undefined,
    };
    const expected = yaml.stringify(manifest, { lineWidth: 0, aliasDuplicateObjects: false });
    library.mockClear();
    expect(stringifyYaml(manifest, { aliasDuplicateObjects: false })).toBe(expected);
    expect(library).not.toHaveBeenCalled();
  });

  it('leaves multi-line strings, repeated objects and values that are not plain data to the library', () => {
    const shared = { a: 1 };
    for (const value of [
      { role: 'Scores batches.\n\n  And reports them.\n' },
      { first: shared, second: shared },
      { when: new Date(0) },
      { ratio: 0.25 },
      'a scalar',
    ]) {
      const expected = yaml.stringify(value, { lineWidth: 0 });
      library.mockClear();
      expect(stringifyYaml(value)).toBe(expected);
      expect(library).toHaveBeenCalledTimes(1);
    }
  });

  it("spells every YAML file of the example's generation without the library", async () => {
    const schemas = ['templates/examples/tensoraios-ecosystem.md', 'templates/examples/main-agent.yaml'];
    const tree = createTreeWithEmptyWorkspace();
    copyIntoTree(tree, workspaceRoot(), schemas);
    library.mockClear();
    await ecosystemGenerator(tree, { schema: schemas });
    expect(tree.exists('agents/tensoraios-ecosystem/deploy/kubernetes/tensoraios.yaml')).toBe(true);
    expect(library).not.toHaveBeenCalled();
  });
});
