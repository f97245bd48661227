import { textTable } from './text-table';

describe('textTable', () => {
  it('pads each column to its widest cell, two spaces apart, with no trailing blanks', () => {
    expect(
      textTable([
        ['agent', 'port', 'health'],
        ['TensorAIOS', '8000', 'ok'],
        ['Main', '8001', 'down (refused)'],
      ]),
    ).toBe(
      ['agent       port  health', 'TensorAIOS  8000  ok', 'Main        8001  down (refused)'].join('\n'),
    );
  });

  it('draws a dashed rule under the header and right-aligns the columns asked for', () => {
    expect(
      textTable(
        [
          ['name', 'files'],
          ['a', '7'],
          ['longer', '120'],
        ],
        { rule: true, alignRight: [1] },
      ),
    ).toBe(['name    files', '------  -----', 'a           7', 'longer    120'].join('\n'));
  });

  it('indents every line by the given prefix', () => {
    expect(
      textTable(
        [
          ['deploy', 'start it'],
          ['verify-evidence', 'check it'],
        ],
        { indent: '  ' },
      ),
    ).toBe(['  deploy           start it', '  verify-evidence  check it'].join('\n'));
  });

  it('treats a missing cell as empty and an empty table as no text', () => {
    expect(textTable([['a', 'b'], ['c']])).toBe(['a  b', 'c'].join('\n'));
    expect(textTable([])).toBe('');
  });
});
