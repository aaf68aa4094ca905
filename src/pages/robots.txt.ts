/** robots.txt: everything may be crawled; the Sitemap line needs SITE_URL at build time. */
import type { APIRoute } from 'astro';
import { robotsTxt } from '../lib/feeds';
import { withBase } from '../lib/paths';

export const GET: APIRoute = ({ site }) =>
  new Response(robotsTxt(site ? new URL(withBase('sitemap.xml'), site).href : undefined), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
