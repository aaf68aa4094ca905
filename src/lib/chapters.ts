import { getCollection, type CollectionEntry } from 'astro:content';
import { orderChapters, type OrderedChapter } from './chapter-order';
import { withBase } from './paths';

/** Chapter is one published chapter with its URL slug and sidebar label resolved. */
export type Chapter = OrderedChapter<CollectionEntry<'chapters'>>;

/** getChapters returns the course in order; drafts only in `astro dev`. */
export async function getChapters(): Promise<Chapter[]> {
  const entries = await getCollection('chapters');
  return orderChapters(entries, { includeDrafts: import.meta.env.DEV });
}

/** chapterHref is the site-relative URL of a chapter page, including the configured base path. */
export function chapterHref(slug: string): string {
  return withBase(`chapters/${slug}/`);
}
