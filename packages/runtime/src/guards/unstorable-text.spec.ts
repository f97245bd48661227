import { findUnstorableText, unstorableReason } from './unstorable-text';

describe('findUnstorableText', () => {
  it('accepts ordinary text, including characters outside the BMP written as surrogate pairs', () => {
    expect(
      findUnstorableText({ a: 'plain', b: ['ünïcödé', '😀', '\u2028'], c: { d: 1, e: null, f: true } }),
    ).toBeUndefined();
    expect(findUnstorableText('text')).toBeUndefined();
    expect(findUnstorableText(42)).toBeUndefined();
    expect(findUnstorableText(null)).toBeUndefined();
  });

  it('names the path of a string holding a NUL character', () => {
    expect(findUnstorableText({ source_agent: 'evil\u0000agent' })).toEqual({
      path: 'source_agent',
      reason: 'contains a NUL character (U+0000) at index 4, which cannot be stored',
    });
    expect(findUnstorableText({ payload: { items: [{ name: 'ok' }, { name: '\u0000' }] } })?.path).toBe(
      'payload.items.1.name',
    );
  });

  it('names lone high and low surrogates but not a pair', () => {
    expect(findUnstorableText({ a: 'x\uD800' })).toEqual({
      path: 'a',
      reason: 'contains a lone UTF-16 surrogate (U+D800) at index 1, which is not valid Unicode text',
    });
    expect(findUnstorableText({ a: '\uDC00y' })?.reason).toMatch(
      /lone UTF-16 surrogate \(U\+DC00\) at index 0/,
    );
    expect(findUnstorableText({ a: '\uDC00\uD800' })?.reason).toMatch(/U\+DC00/);
    expect(unstorableReason('\uD83D\uDE00')).toBeUndefined();
  });

  it('checks keys too, and escapes what it names so the path is printable', () => {
    expect(findUnstorableText({ payload: { 'bad\u0000key': 1 } })).toEqual({
      path: 'payload.bad\\u0000key',
      reason: 'key contains a NUL character (U+0000) at index 3, which cannot be stored',
    });
    expect(findUnstorableText({ ['\uD800']: { fine: 'yes' } })?.path).toBe('\\ud800');
    expect(findUnstorableText({ outer: { ['k\uDFFF']: 'v' } })?.path).toBe('outer.k\\udfff');
  });

  it('reports a string at the root as (root)', () => {
    expect(findUnstorableText('\u0000')?.path).toBe('(root)');
  });

  it('walks a nesting deeper than the call stack allows without failing', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(findUnstorableText(deep)?.path.split('.')).toHaveLength(depth);
  });
});
