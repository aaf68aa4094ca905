import { describe, expect, it } from 'vitest';
import { neighboursOf, orderChapters, parseChapterFolder, type ChapterLike } from './chapter-order';

function chapter(id: string, order: number, extra: Partial<ChapterLike['data']> = {}): ChapterLike {
  return { id, data: { order, title: `Title of ${id}`, draft: false, ...extra } };
}

describe('parseChapterFolder', () => {
  it('splits the number from the slug', () => {
    expect(parseChapterFolder('03-creating-a-pod')).toEqual({ order: 3, slug: 'creating-a-pod' });
  });
  it.each(['3-creating', '03_creating', '03-Creating', 'creating', '03-', '03-a--b'])('rejects %s', (folder) => {
    expect(() => parseChapterFolder(folder)).toThrow(/must be named NN-slug/);
  });
});

describe('orderChapters', () => {
  it('sorts by folder number and uses sidebarLabel when given', () => {
    const ordered = orderChapters(
      [chapter('02-under-the-hood', 2), chapter('01-api-server', 1, { sidebarLabel: 'API server' })],
      { includeDrafts: false },
    );
    expect(ordered.map((c) => [c.slug, c.label])).toEqual([
      ['api-server', 'API server'],
      ['under-the-hood', 'Title of 02-under-the-hood'],
    ]);
  });
  it('fails when frontmatter order disagrees with the folder', () => {
    expect(() => orderChapters([chapter('02-under-the-hood', 3)], { includeDrafts: false })).toThrow(
      /order: 3 in its frontmatter but its folder says 2/,
    );
  });
  it('fails on a duplicate slug even across numbers', () => {
    expect(() => orderChapters([chapter('01-intro', 1), chapter('02-intro', 2)], { includeDrafts: false })).toThrow(
      /both have the slug "intro"/,
    );
  });
  it('fails on a duplicate number', () => {
    expect(() => orderChapters([chapter('01-a', 1), chapter('01-b', 1)], { includeDrafts: false })).toThrow(
      /both have number 1/,
    );
  });
  it('leaves drafts out of production and keeps them in dev', () => {
    const entries = [chapter('01-a', 1), chapter('02-b', 2, { draft: true })];
    expect(orderChapters(entries, { includeDrafts: false }).map((c) => c.slug)).toEqual(['a']);
    expect(orderChapters(entries, { includeDrafts: true }).map((c) => c.slug)).toEqual(['a', 'b']);
  });
});

describe('neighboursOf', () => {
  const list = [{ slug: 'a' }, { slug: 'b' }, { slug: 'c' }];
  it('gives previous and next', () => {
    expect(neighboursOf(list, 'b')).toEqual({ previous: { slug: 'a' }, next: { slug: 'c' } });
    expect(neighboursOf(list, 'a').previous).toBeUndefined();
    expect(neighboursOf(list, 'c').next).toBeUndefined();
  });
  it('throws on an unknown slug', () => {
    expect(() => neighboursOf(list, 'zz')).toThrow(/No chapter with slug "zz"/);
  });
});
