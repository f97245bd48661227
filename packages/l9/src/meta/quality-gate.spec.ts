import { gatePasses } from './quality-gate';
import type { QualityGate } from './validation-checklist-meta';

const tests: QualityGate = { id: 'tests', title: 'Tests passing', min_percent: 95, when_empty: 'fail' };
const integration: QualityGate = {
  id: 'integration',
  title: 'Integration pairs passing',
  min_percent: 90,
  when_empty: 'pass',
};
const markers: QualityGate = {
  id: 'forbidden-markers',
  title: 'Clean files',
  max_failed: 0,
  when_empty: 'fail',
};

describe('gatePasses', () => {
  it('passes exactly at the threshold and fails one below it', () => {
    expect(gatePasses(tests, 19, 20)).toBe(true);
    expect(gatePasses(tests, 18, 20)).toBe(false);
    expect(gatePasses(tests, 20, 20)).toBe(true);
  });

  it('compares integer counts, so a share that would round up to the threshold still fails', () => {
    // 1899 / 2000 = 94.95 %, which a one-decimal rounding would show as 95.0 %.
    expect(gatePasses(tests, 1899, 2000)).toBe(false);
    expect(gatePasses(tests, 1900, 2000)).toBe(true);
    // 18 / 20 = 90 % exactly; 17 / 19 is 89.47 %.
    expect(gatePasses(integration, 18, 20)).toBe(true);
    expect(gatePasses(integration, 17, 19)).toBe(false);
  });

  it('decides a gate with nothing measured by its when_empty setting', () => {
    expect(gatePasses(tests, 0, 0)).toBe(false);
    expect(gatePasses(integration, 0, 0)).toBe(true);
    expect(gatePasses(markers, 0, 0)).toBe(false);
  });

  it('lets a max_failed gate through only when the failing items stay within the allowance', () => {
    expect(gatePasses(markers, 40, 40)).toBe(true);
    expect(gatePasses(markers, 39, 40)).toBe(false);
    expect(gatePasses({ ...markers, max_failed: 2 }, 38, 40)).toBe(true);
    expect(gatePasses({ ...markers, max_failed: 2 }, 37, 40)).toBe(false);
  });

  it('treats a zero-percent gate as always met and a hundred-percent gate as all-or-nothing', () => {
    expect(gatePasses({ ...tests, min_percent: 0 }, 0, 7)).toBe(true);
    expect(gatePasses({ ...tests, min_percent: 100 }, 6, 7)).toBe(false);
    expect(gatePasses({ ...tests, min_percent: 100 }, 7, 7)).toBe(true);
  });

  it('rejects counts that cannot come from a measurement', () => {
    expect(() => gatePasses(tests, 21, 20)).toThrow(RangeError);
    expect(() => gatePasses(tests, -1, 20)).toThrow(RangeError);
    expect(() => gatePasses(tests, 1.5, 20)).toThrow(RangeError);
    expect(() => gatePasses(tests, 1, Number.NaN)).toThrow(RangeError);
  });

  it('rejects a gate with no threshold', () => {
    const { min_percent: _dropped, ...bare } = tests;
    expect(() => gatePasses(bare, 1, 2)).toThrow(/neither min_percent nor max_failed/);
  });
});
