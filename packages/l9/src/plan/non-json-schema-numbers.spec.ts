import type { SchemaFileInput } from '../schema/sources/decode-schema-file';
import { TEST_PLAN_OPTIONS } from '../testing/plan-options';
import { planEcosystem } from './plan-ecosystem';

const plan = (files: SchemaFileInput[]) => planEcosystem(files, TEST_PLAN_OPTIONS);
const at = (result: ReturnType<typeof plan>) =>
  result.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}:${d.column} ${d.message}`);

describe('numbers JSON cannot represent in a schema', () => {
  it('are an error at the value, in every place a schema value reaches the plan, instead of a failure to hash it', () => {
    const agent = [
      'name: Forecaster',
      'system: forecasts demand',
      'governance:',
      '  thresholds:',
      '    confidence: .nan',
      'memory:',
      '  ttl_seconds: .inf',
      'tags: [steady, -.Inf]',
      'limits: {ceiling: 1e999}',
      'deployment:',
      '  endpoints:',
      '    - {name: run, path: /forecaster/run, method: POST, timeout_ms: .inf}',
      '',
    ].join('\n');
    const result = plan([{ path: 'schemas/forecaster.yaml', content: agent }]);
    expect(result.plan).toBeNull();
    expect(at(result)).toEqual([
      'L9E021 error schemas/forecaster.yaml:5:17 .nan is NaN, a number JSON cannot represent (the plan and its hash are JSON)',
      'L9E021 error schemas/forecaster.yaml:7:16 .inf is Infinity, a number JSON cannot represent (the plan and its hash are JSON)',
      'L9E021 error schemas/forecaster.yaml:8:16 -.Inf is -Infinity, a number JSON cannot represent (the plan and its hash are JSON)',
      'L9E021 error schemas/forecaster.yaml:9:19 1e999 is Infinity, a number JSON cannot represent (the plan and its hash are JSON)',
      'L9E021 error schemas/forecaster.yaml:12:68 .inf is Infinity, a number JSON cannot represent (the plan and its hash are JSON)',
    ]);
    expect(result.diagnostics[0]!.hint).toBe('write a finite number, or quote it (".nan") if it is text');
  });

  it('are reported in the Markdown file’s coordinates, and only the block that holds one is refused', () => {
    const collection = [
      '# Agents',
      '',
      '```yaml',
      'name: Steady',
      'system: steady service',
      '```',
      '',
      '  ```yaml',
      '  name: Unbounded',
      '  system: unbounded service',
      '  budget: .inf',
      '  ```',
      '',
    ].join('\n');
    const result = plan([{ path: 'agents.md', content: collection }]);
    expect(at(result)).toEqual([
      'L9E021 error agents.md:11:11 .inf is Infinity, a number JSON cannot represent (the plan and its hash are JSON)',
    ]);
    expect(result.ecosystem.agents.map((agent) => agent.name)).toEqual(['Steady']);
  });

  it('leave quoted text, finite numbers and mapping keys alone', () => {
    const agent = [
      'name: Bounded',
      'system: bounded service',
      'memory: {ttl_seconds: 3600, note: ".inf", ratio: -0.5, big: 1e300}',
      'limits: {.inf: unbounded}',
      '',
    ].join('\n');
    const result = plan([{ path: 'bounded.yaml', content: agent }]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.plan).not.toBeNull();
  });
});
