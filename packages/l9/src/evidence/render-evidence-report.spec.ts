import { buildEvidenceStatement } from './build-evidence-statement';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';
import { renderEvidenceReport } from './render-evidence-report';
import { displayPercent } from './display-counts';
import { escapeMarkdown } from './escape-text';

describe('renderEvidenceReport', () => {
  let fixture: EvidenceFixture;
  afterEach(() => fixture.cleanup());

  it('has the ten sections of the checklist template, in order', () => {
    fixture = evidenceFixture();
    const report = renderEvidenceReport(buildEvidenceStatement(fixture.input));
    const headings = report.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(
      fixture.input.checklist.evidence_sections.map((s, i) => `## ${i + 1}. ${s.title}`),
    );
    expect(headings).toHaveLength(10);
    expect(headings[0]).toBe('## 1. Schema input summary');
    expect(headings[9]).toBe('## 10. Final declaration');
  });

  it('declares completion only when every gate passed, and otherwise lists what failed with its numbers', () => {
    fixture = evidenceFixture();
    const complete = renderEvidenceReport(buildEvidenceStatement(fixture.input));
    const finalOf = (report: string) => report.slice(report.indexOf('## 10.'));
    expect(finalOf(complete)).toContain('All phases complete.');
    expect(finalOf(complete)).not.toContain('Not complete');
    fixture.cleanup();

    fixture = evidenceFixture({ tests: { gamma: { passed: 18, total: 20 } } });
    const incomplete = finalOf(renderEvidenceReport(buildEvidenceStatement(fixture.input)));
    expect(incomplete).not.toContain('All phases complete');
    expect(incomplete).toContain('Not complete: 1 gate and 0 of 11 checks failed.');
    expect(incomplete).toContain(
      '| gamma | Tests passing | 18/20 | 90.00 % | ≥ 95 %; fails when nothing is measured |',
    );
  });

  it('shows integer counts in the gate tables with percentages beside them', () => {
    fixture = evidenceFixture({ tests: { alpha: { passed: 19, total: 20 } } });
    const report = renderEvidenceReport(buildEvidenceStatement(fixture.input));
    expect(report).toContain(
      '| alpha | Tests passing | 19/20 | 95.00 % | ≥ 95 %; fails when nothing is measured | pass |',
    );
    expect(report).toContain('| ecosystem | Line coverage | 270/300 | 90.00 % |');
  });

  it('renders the same statement to the same bytes', () => {
    fixture = evidenceFixture();
    const statement = buildEvidenceStatement(fixture.input);
    const again = buildEvidenceStatement(fixture.input);
    expect(renderEvidenceReport(statement)).toBe(renderEvidenceReport(again));
  });

  it('keeps names from schemas literal', () => {
    fixture = evidenceFixture({ names: { beta: 'Beta | <b>bold</b> *x*' } });
    const report = renderEvidenceReport(buildEvidenceStatement(fixture.input));
    expect(report).toContain('Beta \\| \\<b\\>bold\\</b\\> \\*x\\*');
    expect(report).not.toContain('<b>');
  });
});

describe('display helpers', () => {
  it('truncates percentages so a failing count never shows as the threshold', () => {
    expect(displayPercent(94999, 100000)).toBe('94.99 %');
    expect(displayPercent(19, 20)).toBe('95.00 %');
    expect(displayPercent(1, 3)).toBe('33.33 %');
    expect(displayPercent(0, 0)).toBe('n/a');
  });

  it('escapes Markdown but leaves underscores inside words', () => {
    expect(escapeMarkdown('tensor_scorer')).toBe('tensor_scorer');
    expect(escapeMarkdown('_x_ [a](b)\nnext')).toBe('\\_x\\_ \\[a\\](b) next');
  });
});
