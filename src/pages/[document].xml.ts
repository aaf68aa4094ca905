/**
 * sitemap.xml and feed.xml (Atom, one entry per chapter). Both need absolute URLs, so they are
 * built only when SITE_URL is set; without it there is nothing correct to write.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { join } from 'node:path';
import { chapterHref, getChapters } from '../lib/chapters';
import { atomFeed, sitemapXml, type FeedChapter } from '../lib/feeds';
import { lastChanged } from '../lib/last-changed';
import { withBase } from '../lib/paths';
import { siteDescription, siteName } from '../lib/site';

export const getStaticPaths = (() =>
  import.meta.env.SITE ? [{ params: { document: 'sitemap' } }, { params: { document: 'feed' } }] : []) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  if (!site) throw new Error(`${params.document}.xml needs SITE_URL`);
  const absolute = (path: string) => new URL(path, site).href;
  const chapters: FeedChapter[] = (await getChapters()).map((chapter) => ({
    title: chapter.data.title,
    summary: chapter.data.summary,
    url: absolute(chapterHref(chapter.slug)),
    updated: lastChanged(join(process.cwd(), 'content', 'chapters', chapter.id, 'index.mdx')),
  }));
  const homeUrl = absolute(withBase(''));
  const body =
    params.document === 'sitemap'
      ? sitemapXml(homeUrl, chapters, [absolute(withBase('how-it-works/'))])
      : atomFeed({ title: siteName, subtitle: siteDescription, homeUrl, feedUrl: absolute(withBase('feed.xml')), chapters });
  const type = params.document === 'sitemap' ? 'application/xml' : 'application/atom+xml';
  return new Response(body, { headers: { 'Content-Type': `${type}; charset=utf-8` } });
};
