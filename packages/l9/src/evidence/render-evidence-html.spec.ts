import { buildEvidenceStatement } from './build-evidence-statement';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';
import { renderEvidenceHtml } from './render-evidence-html';

describe('renderEvidenceHtml', () => {
  let fixture: EvidenceFixture;
  afterEach(() => fixture.cleanup());

  it('escapes agent names everywhere, so a schema cannot inject markup', () => {
    fixture = evidenceFixture({ names: { beta: '<script>alert("x")</script>' } });
    const html = renderEvidenceHtml(buildEvidenceStatement(fixture.input));
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('is one self-contained page with the ten sections and the graph by waves', () => {
    fixture = evidenceFixture();
    const html = renderEvidenceHtml(buildEvidenceStatement(fixture.input));
    expect(html.match(/<h2>/g)).toHaveLength(10);
    expect(html).not.toMatch(/<link|<script|src=|href=|@import|url\(http/);
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg.match(/<g class="agent/g)).toHaveLength(3);
    expect(svg.match(/<path class="edge/g)).toHaveLength(2);
    expect(svg).toContain('class="edge soft"');
    // Wave 1 holds alpha alone; beta and gamma share the second column.
    const xOf = (name: string) =>
      Number(new RegExp(`<title>${name} [^<]*</title><rect x="(\\d+)"`).exec(svg)![1]);
    expect(xOf('AlphaAgent')).toBeLessThan(xOf('BetaAgent'));
    expect(xOf('BetaAgent')).toBe(xOf('GammaAgent'));
  });

  it('outlines failing agents and renders the same statement to the same bytes', () => {
    fixture = evidenceFixture({ tests: { gamma: { passed: 0, total: 20 } } });
    const statement = buildEvidenceStatement(fixture.input);
    const html = renderEvidenceHtml(statement);
    expect(html).toMatch(/<g class="agent failing"><title>GammaAgent/);
    expect(html).toMatch(/<g class="agent passing"><title>AlphaAgent/);
    expect(renderEvidenceHtml(buildEvidenceStatement(fixture.input))).toBe(html);
  });
});
