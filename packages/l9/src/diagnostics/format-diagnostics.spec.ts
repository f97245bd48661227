import type { Diagnostic } from './diagnostic';
import { formatDiagnostics } from './format-diagnostics';

const diagnostics: Diagnostic[] = [
  {
    code: 'L9E040',
    severity: 'error',
    message: "'Alpah' is not an agent",
    file: 'b.yaml',
    line: 4,
    column: 10,
    hint: "did you mean 'Alpha'?",
  },
  {
    code: 'L9W050',
    severity: 'warning',
    message: 'unknown key, here: 50%',
    file: 'a.yaml',
    line: 3,
    column: 1,
  },
  { code: 'L9I051', severity: 'info', message: 'soft edge dropped', file: 'a.yaml', line: 1, column: 2 },
];

describe('formatDiagnostics', () => {
  it('prints text as file:line:col sorted by position', () => {
    expect(formatDiagnostics(diagnostics, 'text').split('\n')).toEqual([
      'a.yaml:1:2: info L9I051 soft edge dropped',
      'a.yaml:3:1: warning L9W050 unknown key, here: 50%',
      "b.yaml:4:10: error L9E040 'Alpah' is not an agent",
      "  hint: did you mean 'Alpha'?",
    ]);
  });

  it('prints JSON that parses back to the sorted diagnostics', () => {
    const parsed = JSON.parse(formatDiagnostics(diagnostics, 'json')) as Diagnostic[];
    expect(parsed.map((d) => d.code)).toEqual(['L9I051', 'L9W050', 'L9E040']);
    expect(parsed[2]).toEqual(diagnostics[0]);
  });

  it('prints GitHub workflow annotations with escaped data', () => {
    const lines = formatDiagnostics(diagnostics, 'github').split('\n');
    expect(lines[0]).toBe('::notice file=a.yaml,line=1,col=2,title=L9I051::soft edge dropped');
    expect(lines[1]).toBe('::warning file=a.yaml,line=3,col=1,title=L9W050::unknown key, here: 50%25');
    expect(lines[2]).toBe(
      "::error file=b.yaml,line=4,col=10,title=L9E040::'Alpah' is not an agent (did you mean 'Alpha'?)",
    );
  });
});
