import { planEcosystem } from './plan-ecosystem';
import { TEST_PLAN_OPTIONS } from '../testing/plan-options';
import type { SchemaFileInput } from '../schema/sources/decode-schema-file';

interface BadCase {
  name: string;
  files: SchemaFileInput[];
  /** The diagnostic that must be reported: code and 1-based position in the named file. */
  expect: { code: string; file?: string; line: number; column: number; hint?: RegExp };
}

const agent = (name: string, extra = '') => `name: ${name}\nsystem: ${name} service\n${extra}`;
const file = (path: string, content: string | Uint8Array): SchemaFileInput => ({ path, content });
const billionLaughs = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill('*' + String.fromCharCode(97 + i))
        .join(',')}]`,
  ),
  'name: Bomb',
].join('\n');

const cases: BadCase[] = [
  {
    name: 'unclosed flow sequence',
    files: [file('a.yaml', 'name: A\ntags: [one, two\n')],
    expect: { code: 'L9E010', line: 3, column: 1 },
  },
  {
    name: 'tab indentation',
    files: [file('a.yaml', 'name: A\ngovernance:\n\tanchors: [Igor]\n')],
    expect: { code: 'L9E010', line: 3, column: 1 },
  },
  {
    name: 'value nested in a compact mapping',
    files: [file('a.yaml', 'name: A\nrole: routes: packets\n')],
    expect: { code: 'L9E010', line: 2, column: 7 },
  },
  {
    name: 'duplicate key in one mapping',
    files: [file('a.yaml', 'name: A\nrole: x\nrole: y\n')],
    expect: { code: 'L9E012', line: 3, column: 1 },
  },
  {
    name: 'anchors is a number',
    files: [file('a.yaml', agent('A', 'governance:\n  anchors: 5\n'))],
    expect: { code: 'L9E021', line: 4, column: 12 },
  },
  {
    name: 'unknown governance mode',
    files: [file('a.yaml', agent('A', 'governance:\n  mode: anarchic\n'))],
    expect: { code: 'L9E021', line: 4, column: 9 },
  },
  {
    name: 'humanoverride as a string',
    files: [file('a.yaml', agent('A', 'governance:\n  humanoverride: "yes"\n'))],
    expect: { code: 'L9E021', line: 4, column: 18 },
  },
  {
    name: 'negative endpoint timeout',
    files: [
      file(
        'a.yaml',
        agent(
          'A',
          'deployment:\n  endpoints:\n    - {name: run, path: /a/run, method: POST, timeout_ms: -5}\n',
        ),
      ),
    ],
    expect: { code: 'L9E021', line: 5, column: 59 },
  },
  {
    name: 'unknown HTTP method',
    files: [
      file(
        'a.yaml',
        agent('A', 'deployment:\n  endpoints:\n    - name: run\n      path: /a/run\n      method: FETCH\n'),
      ),
    ],
    expect: { code: 'L9E021', line: 7, column: 15 },
  },
  {
    name: 'depends_on with an unknown kind',
    files: [file('a.yaml', agent('A', 'depends_on:\n  hard: []\n  firm: [B]\n'))],
    expect: { code: 'L9E021', line: 5, column: 3 },
  },
  {
    name: 'misspelt top-level key',
    files: [file('a.yaml', agent('A', 'goverance:\n  anchors: [Igor]\n'))],
    expect: { code: 'L9W050', line: 3, column: 1, hint: /did you mean 'governance'/ },
  },
  {
    name: 'misspelt governance key',
    files: [file('a.yaml', agent('A', 'governance:\n  anchros: [Igor]\n'))],
    expect: { code: 'L9W050', line: 4, column: 3, hint: /anchors/ },
  },
  {
    name: 'misspelt endpoint key',
    files: [
      file(
        'a.yaml',
        agent(
          'A',
          'deployment:\n  endpoints:\n    - name: run\n      path: /a/run\n      method: POST\n      timout_ms: 10\n',
        ),
      ),
    ],
    expect: { code: 'L9W050', line: 8, column: 7, hint: /timeout_ms/ },
  },
  {
    name: 'same agent in two files',
    files: [file('a.yaml', agent('Alpha')), file('b.yaml', agent('Alpha'))],
    expect: { code: 'L9E031', file: 'b.yaml', line: 1, column: 1, hint: /a\.yaml:1:1/ },
  },
  {
    name: 'two names with one project id',
    files: [file('a.yaml', agent('MainAgent')), file('b.yaml', agent('Main Agent'))],
    expect: { code: 'L9E031', file: 'b.yaml', line: 1, column: 1 },
  },
  {
    name: 'dependency on an unknown agent',
    files: [file('a.yaml', agent('Alpha')), file('b.yaml', agent('Beta', 'depends_on:\n  hard: [Alpah]\n'))],
    expect: { code: 'L9E040', file: 'b.yaml', line: 4, column: 10, hint: /did you mean 'Alpha'/ },
  },
  {
    name: 'agent depending on itself',
    files: [file('a.yaml', agent('Alpha', 'depends_on: [Alpha]\n'))],
    expect: { code: 'L9E042', line: 3, column: 14 },
  },
  {
    name: 'two-agent cycle',
    files: [
      file('a.yaml', agent('Alpha', 'depends_on: [Beta]\n')),
      file('b.yaml', agent('Beta', 'depends_on: [Alpha]\n')),
    ],
    expect: { code: 'L9E041', file: 'a.yaml', line: 3, column: 14 },
  },
  {
    name: 'three-file cycle',
    files: [
      file('a.yaml', agent('A1', 'depends_on: [C3]\n')),
      file('b.yaml', agent('B2', 'depends_on: [A1]\n')),
      file('c.yaml', agent('C3', 'depends_on: [B2]\n')),
    ],
    expect: { code: 'L9E041', file: 'a.yaml', line: 3, column: 14, hint: /c\.yaml:3:14/ },
  },
  {
    name: 'path traversal in the name',
    files: [file('a.yaml', 'name: ../x\n')],
    expect: { code: 'L9E030', line: 1, column: 7 },
  },
  {
    name: 'slash in the name',
    files: [file('a.yaml', 'name: team/agent\n')],
    expect: { code: 'L9E030', line: 1, column: 7 },
  },
  {
    name: 'name starting with a digit',
    files: [file('a.yaml', 'name: 9lives\n')],
    expect: { code: 'L9E030', line: 1, column: 7 },
  },
  {
    name: 'generated file escaping the project',
    files: [file('a.yaml', agent('A', 'cursorinstructions:\n  generatefiles:\n    - ../../etc/passwd.py\n'))],
    expect: { code: 'L9E030', line: 5, column: 7 },
  },
  {
    name: 'absolute generated file',
    files: [file('a.yaml', agent('A', 'cursorinstructions:\n  generatefiles: [/tmp/x.py]\n'))],
    expect: { code: 'L9E030', line: 4, column: 19 },
  },
  {
    name: 'two files mapping to one module',
    files: [file('a.yaml', agent('A', 'cursorinstructions:\n  generatefiles: [foo_bar.py, foo-bar.ts]\n'))],
    expect: { code: 'L9E032', line: 4, column: 31 },
  },
  {
    name: 'generated doc that is not Markdown',
    files: [file('a.yaml', agent('A', 'cursorinstructions:\n  generatedocs: [setup.exe]\n'))],
    expect: { code: 'L9E021', line: 4, column: 18 },
  },
  {
    name: 'alias bomb',
    files: [file('a.yaml', billionLaughs)],
    expect: { code: 'L9E011', line: 2, column: 8 },
  },
  { name: 'empty file', files: [file('a.yaml', '')], expect: { code: 'L9E004', line: 1, column: 1 } },
  {
    name: 'comments only',
    files: [file('a.yaml', '# nothing here\n---\n# still nothing\n')],
    expect: { code: 'L9E004', line: 1, column: 1 },
  },
  {
    name: 'binary file',
    files: [file('a.yaml', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))],
    expect: { code: 'L9E003', line: 1, column: 1 },
  },
  {
    name: 'invalid UTF-8',
    files: [file('a.yaml', Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xc3, 0x28]))],
    expect: { code: 'L9E003', line: 1, column: 1 },
  },
  {
    name: 'file over the size limit',
    files: [file('a.yaml', `name: A\nrole: ${'x'.repeat(1024 * 1024)}\n`)],
    expect: { code: 'L9E002', line: 1, column: 1 },
  },
  {
    name: 'schema without a name',
    files: [file('a.yaml', 'system: Unnamed\nrole: nothing\n')],
    expect: { code: 'L9E020', line: 1, column: 1 },
  },
  {
    name: 'document that is a list',
    files: [file('a.yaml', '- name: A\n')],
    expect: { code: 'L9E021', line: 1, column: 1 },
  },
  {
    name: 'key defined by two documents',
    files: [file('a.yaml', '---\nname: A\n---\nrole: first\n---\nrole: second\n')],
    expect: { code: 'L9E022', line: 6, column: 1, hint: /a\.yaml:4:1/ },
  },
  {
    name: 'Markdown fence never closed',
    files: [file('c.md', '# Agents\n\n```yaml\nname: A\n')],
    expect: { code: 'L9E013', line: 3, column: 1 },
  },
  {
    name: 'Markdown front matter never closed',
    files: [file('c.md', '---\ntitle: x\n')],
    expect: { code: 'L9E013', line: 1, column: 1 },
  },
  {
    name: 'Markdown without yaml blocks',
    files: [file('c.md', '# Agents\n\nNothing to read.\n')],
    expect: { code: 'L9E004', line: 1, column: 1 },
  },
  {
    name: 'YAML error inside a Markdown block keeps .md coordinates',
    files: [file('c.md', '# A\n\n```yaml\nname: A\nrole: a: b\n```\n')],
    expect: { code: 'L9E010', line: 5, column: 7 },
  },
  {
    name: 'malformed extractor-map edge',
    files: [file('m.yaml', 'dependency_graph:\n  edges:\n    - A => B\n')],
    expect: { code: 'L9E043', line: 3, column: 7 },
  },
  {
    name: 'relative endpoint path',
    files: [file('a.yaml', agent('A', 'deployment:\n  endpoints: [run/now]\n'))],
    expect: { code: 'L9E033', line: 4, column: 15 },
  },
  {
    name: 'endpoint declared twice',
    files: [file('a.yaml', agent('A', 'deployment:\n  endpoints: [/a/run, /a/run]\n'))],
    expect: { code: 'L9E033', line: 4, column: 23 },
  },
  {
    name: 'endpoint shadowing the runtime',
    files: [file('a.yaml', agent('A', 'deployment:\n  endpoints: ["POST /a/status", /a/run]\n'))],
    expect: { code: 'L9E033', line: 4, column: 15 },
  },
];

describe('bad input', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = planEcosystem(c.files, TEST_PLAN_OPTIONS);
    const expected = {
      code: c.expect.code,
      file: c.expect.file ?? c.files[0]!.path,
      line: c.expect.line,
      column: c.expect.column,
    };
    const found = result.diagnostics.find((d) => d.code === expected.code);
    expect(found && { code: found.code, file: found.file, line: found.line, column: found.column }).toEqual(
      expected,
    );
    if (c.expect.hint) expect(found!.hint).toMatch(c.expect.hint);
    if (found!.severity === 'error') expect(result.plan).toBeNull();
  });
});
