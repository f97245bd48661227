import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDependsOn } from './read-agent-yaml';

describe('readDependsOn', () => {
  let dir: string;
  const read = (text: string) => {
    writeFileSync(join(dir, 'agent.yaml'), text);
    return readDependsOn(dir, 'agent.yaml');
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'l9-deps-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the block as the generator writes it', () => {
    expect(
      read(
        'id: x\nname: X\ndepends_on:\n  hard:\n    - TensorAIOS\n    - MainAgent\n  soft: []\ngovernance:\n  anchors: []\n',
      ),
    ).toEqual({ hard: ['TensorAIOS', 'MainAgent'], soft: [] });
  });

  it('reads single-line lists of plain names', () => {
    expect(read('name: X\ndepends_on:\n  hard: [Agent1, Main Agent]\n  soft: []\n')).toEqual({
      hard: ['Agent1', 'Main Agent'],
      soft: [],
    });
  });

  it('reads any other YAML form of the same block through the parser', () => {
    expect(read('name: X\ndepends_on: {hard: [A, "B C"], soft: [D]}\nrole: r\n')).toEqual({
      hard: ['A', 'B C'],
      soft: ['D'],
    });
    expect(read('name: X\ndepends_on:\n  soft:\n  - D   # comment\n  hard: [A]\n')).toEqual({
      hard: ['A'],
      soft: ['D'],
    });
  });

  it('gives no dependencies when the block is absent, and names the line of an unreadable one', () => {
    expect(read('name: X\n')).toEqual({ hard: [], soft: [] });
    expect(() => read('name: X\ndepends_on:\n  hard: [A\n')).toThrow(
      /agent\.yaml:2: depends_on is not readable YAML/,
    );
    expect(() => read('# agent\nid: x\n\nname: X\ndepends_on: {hard: [A\nrole: r\n')).toThrow(
      /agent\.yaml:5: depends_on is not readable YAML/,
    );
  });

  it('reads only the top-level key, wherever it stands, up to the next top-level key', () => {
    expect(read('notes: "depends_on: [Z]"\nxdepends_on:\n  hard: [Y]\nname: X\n')).toEqual({
      hard: [],
      soft: [],
    });
    expect(
      read(
        'name: X\nrole: r\ndepends_on:\n  hard:\n    - A\n\n  # later\n  soft: [B]\ngovernance:\n  hard: [C]\n',
      ),
    ).toEqual({ hard: ['A'], soft: ['B'] });
    expect(read('name: X\r\ndepends_on:\r\n  hard: [A]\r\n  soft: []\r\nrole: r\r\n')).toEqual({
      hard: ['A'],
      soft: [],
    });
    expect(read('name: X\ndepends_on:\n  hard: [A]')).toEqual({ hard: ['A'], soft: [] });
  });
});
