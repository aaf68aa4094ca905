// What an operator deploys and what a phone reader gets, measured on a fresh production build:
//   deploy.dist_mb                    size of dist/ (MiB, uncompressed, every file)
//   deploy.dist_files                 number of files in dist/
//   page.lighthouse_performance       Lighthouse performance score (0-100), mobile profile (simulated
//                                     slow 4G, Moto G class CPU), best of three, on the heaviest chapter
//   page.lighthouse_accessibility     Lighthouse accessibility score on the same chapter
//   page.lighthouse_min_performance   lowest performance score over every chapter (one run each)
// Lighthouse drives Debian's Chromium (CHROMIUM_PATH) against the site served by nginx with
// deploy/nginx.conf (gzip, caching), as deployed; without nginx it falls back to the test server.
import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumFlags, findChromium } from '../../src/lib/chromium.ts';
import { chapterPages, listPages, serveSite } from '../../tests/browser/lib/index.ts';
import { startNginx } from '../../tests/browser/nginx.ts';

async function distFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  return { count: files.length, bytes };
}

async function serve(distDir, log) {
  try {
    return await startNginx({ root: distDir, base: '/' });
  } catch (error) {
    log(`nginx unavailable (${error.message.split('\n')[0]}); using the test static server (no gzip)`);
    return serveSite({ dir: distDir });
  }
}

async function audit(port, url) {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
  const { performance, accessibility } = result.lhr.categories;
  return { performance: Math.round(performance.score * 100), accessibility: Math.round(accessibility.score * 100) };
}

/** run builds the site, counts dist/ and runs Lighthouse on the chapters. */
export async function run(context) {
  context.log('astro build');
  const build = spawnSync(join(context.rootDir, 'node_modules', '.bin', 'astro'), ['build'], {
    cwd: context.rootDir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error(`astro build failed with exit code ${build.status}`);
  const { count, bytes } = await distFiles(context.distDir);

  const chapters = chapterPages(await listPages(context.distDir));
  const sizes = await Promise.all(chapters.map(async (page) => (await stat(join(context.distDir, page.path, 'index.html'))).size));
  const heaviest = chapters[sizes.indexOf(Math.max(...sizes))];
  const site = await serve(context.distDir, context.log);
  const chrome = await chromeLauncher.launch({
    chromePath: findChromium(),
    chromeFlags: ['--headless=new', ...chromiumFlags],
  });
  try {
    let best = { performance: 0, accessibility: 0 };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const scores = await audit(chrome.port, site.url + heaviest.path);
      context.log(`lighthouse /${heaviest.path} run ${attempt}: performance ${scores.performance}, accessibility ${scores.accessibility}`);
      if (scores.performance > best.performance) best = scores;
    }
    const perChapter = [];
    for (const page of chapters) {
      const scores = await audit(chrome.port, site.url + page.path);
      perChapter.push({ path: page.path, ...scores });
      context.log(`lighthouse /${page.path}: performance ${scores.performance}, accessibility ${scores.accessibility}`);
    }
    const lowest = Math.min(...perChapter.map((scores) => scores.performance));
    const below = perChapter.filter((scores) => scores.performance < 98 || scores.accessibility < 100);
    return {
      'deploy.dist_mb': Math.round((bytes / 1024 / 1024) * 100) / 100,
      'deploy.dist_files': count,
      'page.lighthouse_performance': best.performance,
      'page.lighthouse_accessibility': best.accessibility,
      'page.lighthouse_min_performance': lowest,
      notes: [
        `Lighthouse ${'mobile'} profile, best of 3 on the heaviest chapter /${heaviest.path}; targets: performance >= 98, accessibility 100 on every chapter`,
        ...below.map((scores) => `below target: /${scores.path} performance ${scores.performance}, accessibility ${scores.accessibility}`),
      ],
    };
  } finally {
    await chrome.kill();
    await site.close();
  }
}
