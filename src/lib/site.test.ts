import { describe, expect, test } from 'vitest';
import { atomFeed, robotsTxt, sitemapXml } from './feeds';
import { parseSiteBase, parseSiteUrl } from './site';

describe('SITE_URL and SITE_BASE', () => {
  test('SITE_URL is an origin; a path, a bad scheme or garbage fail with the fix in the message', () => {
    expect(parseSiteUrl(undefined)).toBeUndefined();
    expect(parseSiteUrl('')).toBeUndefined();
    expect(parseSiteUrl('https://docs.example.org/')).toBe('https://docs.example.org');
    expect(() => parseSiteUrl('https://docs.example.org/learn/')).toThrow(/put a sub-path in SITE_BASE/);
    expect(() => parseSiteUrl('ftp://docs.example.org')).toThrow(/https:\/\//);
    expect(() => parseSiteUrl('docs.example.org')).toThrow(/not an absolute URL/);
  });

  test('SITE_BASE gets one leading and one trailing slash', () => {
    expect(parseSiteBase(undefined)).toBe('/');
    expect(parseSiteBase('/')).toBe('/');
    expect(parseSiteBase('learn/kube')).toBe('/learn/kube/');
    expect(parseSiteBase('/learn//kube/')).toBe('/learn/kube/');
    expect(() => parseSiteBase('https://x.org/learn/')).toThrow(/SITE_URL/);
    expect(() => parseSiteBase('/a/../b/')).toThrow(/must be a path/);
  });
});

describe('robots.txt, sitemap, feed', () => {
  const chapters = [
    { title: 'A & B', summary: 'The <first> one.', url: 'https://x.org/k/chapters/a/', updated: '2026-01-02T00:00:00.000Z' },
    { title: 'C', summary: 'Second.', url: 'https://x.org/k/chapters/c/', updated: '2026-03-04T00:00:00.000Z' },
  ];

  test('robots.txt names the sitemap only when the public URL is known', () => {
    expect(robotsTxt('https://x.org/k/sitemap.xml')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://x.org/k/sitemap.xml\n');
    expect(robotsTxt(undefined)).not.toMatch(/Sitemap/);
  });

  test('the sitemap lists home and chapters with their dates', () => {
    const xml = sitemapXml('https://x.org/k/', chapters);
    expect(xml.match(/<loc>/g)).toHaveLength(3);
    expect(xml).toContain('<loc>https://x.org/k/</loc>\n    <lastmod>2026-03-04T00:00:00.000Z</lastmod>');
  });

  test('the sitemap also lists pages that are not chapters', () => {
    const xml = sitemapXml('https://x.org/k/', chapters, ['https://x.org/k/how-it-works/']);
    expect(xml.match(/<loc>/g)).toHaveLength(4);
    expect(xml).toContain('  <url>\n    <loc>https://x.org/k/how-it-works/</loc>\n  </url>');
  });

  test('the Atom feed escapes text and is dated by its newest chapter', () => {
    const xml = atomFeed({ title: 'T', subtitle: 'S', homeUrl: 'https://x.org/k/', feedUrl: 'https://x.org/k/feed.xml', chapters });
    expect(xml).toContain('<title>A &amp; B</title>');
    expect(xml).toContain('<summary>The &lt;first&gt; one.</summary>');
    expect(xml).toMatch(/<link rel="self" type="application\/atom\+xml" href="https:\/\/x.org\/k\/feed.xml"\/>\n  <updated>2026-03-04/);
    expect(xml.match(/<entry>/g)).toHaveLength(2);
  });
});
