import { buildEvidenceStatement } from './build-evidence-statement';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';
import { renderDeploymentReadiness } from './render-deployment-readiness';
import { renderExtractionManifest } from './render-extraction-manifest';

describe('deployment readiness and extraction manifest', () => {
  let fixture: EvidenceFixture;
  afterEach(() => fixture.cleanup());

  it('marks every agent ready when all passed, with its port, health URL and notes', () => {
    fixture = evidenceFixture();
    const md = renderDeploymentReadiness(buildEvidenceStatement(fixture.input));
    expect(md).toContain('Ecosystem ready: yes');
    expect(md).toContain(
      '| AlphaAgent | 8000 | http://localhost:8000/alpha/health | 20/20 pass | 2/2 pass | 90/100 pass | 3/3 pass | 3/3 | yes |',
    );
    expect(md).toContain('- note: domain modules still on the default behaviour: scorer');
  });

  it('holds back an agent that failed a gate and every agent that hard-depends on it, with reasons', () => {
    fixture = evidenceFixture({ tests: { alpha: { passed: 18, total: 20 } } });
    const md = renderDeploymentReadiness(buildEvidenceStatement(fixture.input));
    const section = (name: string) => md.slice(md.indexOf(`## ${name}`)).split('\n## ')[0]!;
    expect(section('AlphaAgent')).toContain('Ready: no');
    expect(section('AlphaAgent')).toContain('- gate Tests passing: 18/20 (90.00 %), required ≥ 95 %');
    expect(section('BetaAgent')).toContain('- hard dependency AlphaAgent is not ready');
    // Gamma only soft-depends on Alpha, so it can still be deployed.
    expect(section('GammaAgent')).toContain('Ready: yes');
    expect(md).toContain('Ecosystem ready: no');
  });

  it('lists every agent with its files and digests', () => {
    fixture = evidenceFixture();
    const manifest = JSON.parse(renderExtractionManifest(buildEvidenceStatement(fixture.input)));
    expect(manifest.format).toBe('l9/extraction-manifest@1');
    expect(manifest.subjects).toBe(9);
    expect(manifest.agents.map((a: { id: string }) => a.id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(manifest.agents[0].files).toContainEqual({
      path: 'agents/alpha/src/modules/scorer.ts',
      sha256: fixture.input.agents[0]!.files[2]!.sha256,
      ownership: 'user',
      default: true,
    });
  });
});
