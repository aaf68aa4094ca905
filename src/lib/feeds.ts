/**
 * Pure builders for the machine-readable files about the site: robots.txt, the sitemap and the
 * Atom feed of chapters. Kept free of Astro so unit tests can check the exact output.
 */

/** FeedChapter is what the sitemap and feed need to know about one chapter. */
export interface FeedChapter {
  title: string;
  summary: string;
  /** Absolute URL of the chapter page. */
  url: string;
  /** When the chapter last changed (ISO 8601). */
  updated: string;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** robotsTxt allows everything and names the sitemap when the public URL is known. */
export function robotsTxt(sitemapUrl: string | undefined): string {
  return ['User-agent: *', 'Allow: /', ...(sitemapUrl ? ['', `Sitemap: ${sitemapUrl}`] : []), ''].join('\n');
}

/** sitemapXml lists the home page, every chapter and the other pages (such as the notebook guide). */
export function sitemapXml(homeUrl: string, chapters: readonly FeedChapter[], otherPages: readonly string[] = []): string {
  const newest = chapters.map((chapter) => chapter.updated).sort().at(-1);
  const entry = (url: string, updated: string | undefined) =>
    `  <url>\n    <loc>${xml(url)}</loc>${updated ? `\n    <lastmod>${xml(updated)}</lastmod>` : ''}\n  </url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    entry(homeUrl, newest),
    ...chapters.map((chapter) => entry(chapter.url, chapter.updated)),
    ...otherPages.map((url) => entry(url, undefined)),
    '</urlset>',
    '',
  ].join('\n');
}

/** atomFeed is an Atom 1.0 feed with one entry per chapter, in course order. */
export function atomFeed(options: { title: string; subtitle: string; homeUrl: string; feedUrl: string; chapters: readonly FeedChapter[] }): string {
  const updated = options.chapters.map((chapter) => chapter.updated).sort().at(-1) ?? new Date(0).toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(options.title)}</title>`,
    `  <subtitle>${xml(options.subtitle)}</subtitle>`,
    `  <id>${xml(options.homeUrl)}</id>`,
    `  <link href="${xml(options.homeUrl)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(options.feedUrl)}"/>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <author><name>${xml(options.title)}</name></author>`,
    ...options.chapters.map((chapter) =>
      [
        '  <entry>',
        `    <title>${xml(chapter.title)}</title>`,
        `    <id>${xml(chapter.url)}</id>`,
        `    <link href="${xml(chapter.url)}"/>`,
        `    <updated>${xml(chapter.updated)}</updated>`,
        `    <summary>${xml(chapter.summary)}</summary>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}
