import { describe, expect, it } from 'vitest';
import { compilePattern, MAX_PATTERN_LENGTH } from '../../../shared/triggers/regex-pattern.js';

const refused = (pattern: string) => {
  const result = compilePattern(pattern);
  return result.ok ? undefined : result.message;
};

describe('compilePattern', () => {
  it('compiles a pattern with the u flag and no state-keeping flag', () => {
    const result = compilePattern('^\\p{Lu}');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.regex.flags).toBe('u');
    expect(result.regex.test('Été')).toBe(true);
  });

  it.each([
    '^[A-Z][a-z]+ wave$',
    '\\d+\\.\\d+\\.\\d+\\.\\d+',
    '(?:foo|bar)+',
    '(ab)+',
    '(a+)?',
    '(a+){1}',
    '(a+)b+',
    '[(a+)+]',
    '\\(a+\\)+',
    '(?<word>\\w)+',
    '(?<=x)a+',
    'a{2,}b{1,3}',
  ])('accepts %s', (pattern) => {
    expect(refused(pattern)).toBeUndefined();
  });

  it.each([
    '(a+)+',
    '(a*)*',
    '((a+))+',
    '(?:\\w+\\s?)*',
    '(a+){2}',
    '(a{2,})+',
    '(x(a+)y)+',
    '(?<w>a+)+',
    '([a-z]+)*$',
  ])('refuses the nested repetition %s', (pattern) => {
    expect(refused(pattern)).toMatch(/repeated/);
  });

  it('refuses a pattern longer than the cap', () => {
    expect(refused('a'.repeat(MAX_PATTERN_LENGTH))).toBeUndefined();
    expect(refused('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/at most 500 characters/);
  });

  it('says why an invalid pattern is invalid', () => {
    expect(refused('(unclosed')).toMatch(/^invalid regular expression: /);
    expect(refused('\\p{NoSuchProperty}')).toMatch(/^invalid regular expression/);
  });
});
