import { MemoryValidationError } from './errors';
import { keyspacePrefix } from './keyspace';
import { parseRetention } from './parse-retention';
import { parseTtl } from './parse-ttl';

const DAY_MS = 86_400_000;

describe('parseTtl', () => {
  it.each([
    ['Cache recent tensor state, embedding batches, inference results. TTL=1hr', 3600],
    ['Cache for active message state. TTL=60s', 60],
    ['Active reasoning state in flight. TTL = 5 minutes.', 300],
    ['TTL: 2 hours', 7200],
    ['ttl=1.5m', 90],
    ['TTL=250ms', 0.25],
    ['30 minutes', 1800],
    ['45', 45],
    [120, 120],
  ])('reads %p as %p seconds', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });

  it('returns undefined when the text states no TTL', () => {
    expect(parseTtl(undefined)).toBeUndefined();
    expect(parseTtl('Cache for active message state')).toBeUndefined();
    expect(parseTtl('Keeps 3 batches around')).toBeUndefined();
  });

  it('rejects a TTL it cannot read instead of guessing', () => {
    expect(() => parseTtl('TTL=5 fortnights')).toThrow(/unknown unit "fortnights"/);
    expect(() => parseTtl('TTL=soon')).toThrow(MemoryValidationError);
    expect(() => parseTtl(0)).toThrow(/positive/);
    expect(() => parseTtl('TTL=0s')).toThrow(/positive/);
  });
});

describe('parseRetention', () => {
  it.each([
    ['90 days', 90 * DAY_MS],
    ['1 year', 365 * DAY_MS],
    ['2 years', 730 * DAY_MS],
    ['3 years (compliance requirement)', 3 * 365 * DAY_MS],
    ['6 months', 180 * DAY_MS],
    ['12h', 12 * 3_600_000],
  ])('reads %p', (text, ms) => {
    expect(parseRetention(text)).toBe(ms);
  });

  it('treats indefinite retention as keep forever', () => {
    expect(parseRetention('indefinite')).toBeNull();
    expect(parseRetention('Indefinite (compliance)')).toBeNull();
    expect(parseRetention(undefined)).toBeNull();
  });

  it('rejects what it cannot read', () => {
    expect(() => parseRetention('a while')).toThrow(/expected a period/);
    expect(() => parseRetention('5 eons')).toThrow(/unknown unit "eons"/);
    expect(() => parseRetention('0 days')).toThrow(/positive/);
  });
});

describe('keyspacePrefix', () => {
  it('derives the key prefix from a schema keyspace', () => {
    expect(keyspacePrefix('tensoraios:working:*')).toBe('tensoraios:working:');
    expect(keyspacePrefix('domainadapter:example:working:*')).toBe('domainadapter:example:working:');
    expect(keyspacePrefix('l9_sympy_cache')).toBe('l9_sympy_cache:');
  });

  it('rejects wildcards other than a trailing *', () => {
    expect(() => keyspacePrefix('a:*:b')).toThrow(/only a trailing \*/);
    expect(() => keyspacePrefix('*')).toThrow(MemoryValidationError);
  });
});
