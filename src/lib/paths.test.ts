import { describe, expect, it } from 'vitest';
import { withBase } from './paths';

describe('withBase', () => {
  it('joins root base and path with one slash', () => {
    expect(withBase('/chapters/a/', '/')).toBe('/chapters/a/');
    expect(withBase('chapters/a/', '/')).toBe('/chapters/a/');
  });
  it('keeps a sub-path base with or without its trailing slash', () => {
    expect(withBase('chapters/a/', '/docs/')).toBe('/docs/chapters/a/');
    expect(withBase('/chapters/a/', '/docs')).toBe('/docs/chapters/a/');
  });
  it('gives the base itself for the home page', () => {
    expect(withBase('', '/docs/')).toBe('/docs/');
  });
});
