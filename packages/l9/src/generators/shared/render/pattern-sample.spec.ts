import { patternSample } from './pattern-sample';

describe('patternSample', () => {
  it.each([
    '^[0-9-]{10,17}$',
    '^[A-Z]{2}\\d{4}$',
    '^ISBN-\\d+$',
    'ab?c*d',
    '^\\w{3}\\.\\d{2}$',
    '^[a-z][a-z0-9_]{0,31}$',
  ])('gives a string %s accepts', (pattern) => {
    const sample = patternSample(pattern);
    expect(sample).toBeDefined();
    expect(new RegExp(pattern, 'u').test(sample!)).toBe(true);
  });

  it('gives nothing for shapes it does not handle, rather than a string the pattern refuses', () => {
    for (const pattern of ['^(ab|cd)$', '^[^0-9]+$', '^a{2}(?=b)$'])
      expect(patternSample(pattern)).toBeUndefined();
  });

  it('is the same string every time', () => {
    expect(patternSample('^[0-9-]{10,17}$')).toBe('0000000000');
  });
});
