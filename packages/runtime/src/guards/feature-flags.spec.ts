import { FeatureFlagError, isFeatureEnabled, parseFeatureFlags } from './feature-flags';
import { checkPayloadSize, jsonByteSize } from './payload-size';

describe('parseFeatureFlags', () => {
  it('maps every L9_ENABLE_* variable to a boolean and ignores the rest', () => {
    const flags = parseFeatureFlags({
      L9_ENABLE_CODEGEN_STRICT_MODE: 'TRUE',
      L9_ENABLE_A: '0',
      L9_ENABLE_B: ' 1 ',
      L9_ENABLE_C: 'false',
      OTHER: 'x',
    });
    expect(flags).toEqual({ A: false, B: true, C: false, CODEGEN_STRICT_MODE: true });
    expect(isFeatureEnabled(flags, 'CODEGEN_STRICT_MODE')).toBe(true);
    expect(isFeatureEnabled(flags, 'MISSING')).toBe(false);
  });

  it.each(['yes', 'ture', '', '2'])('refuses %j, naming the variable', (value) => {
    expect(() => parseFeatureFlags({ L9_ENABLE_X: value })).toThrow(
      new FeatureFlagError('L9_ENABLE_X', value),
    );
    expect(() => parseFeatureFlags({ L9_ENABLE_X: value })).toThrow(/^L9_ENABLE_X=/);
  });
});

describe('checkPayloadSize', () => {
  it('measures UTF-8 JSON bytes and explains an oversize payload', () => {
    expect(jsonByteSize({ a: 'é' })).toBe(10);
    expect(checkPayloadSize({ a: 'é' }, 10)).toEqual({ ok: true, bytes: 10 });
    expect(checkPayloadSize({ a: 'é' }, 9, 'result')).toEqual({
      ok: false,
      bytes: 10,
      limit: 9,
      message: 'result is 10 bytes, over the limit of 9 bytes',
    });
  });
});
