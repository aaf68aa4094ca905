import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Node-only helpers to start the system Chromium (Debian's /usr/bin/chromium) with playwright-core.
 * Used by the build (diagrams), the browser tests and the benchmarks. We never download a browser.
 */

/** chromiumCandidates are the paths tried in order when CHROMIUM_PATH is not set. */
export const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** chromiumFlags work as root in a closed network (see STACK-NOTES); playwright adds --headless and a fresh profile. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** ChromiumNotFound says no browser binary exists and how to install one. */
export class ChromiumNotFound extends Error {
  override name = 'ChromiumNotFound';
}

/** findChromium returns the browser to drive: $CHROMIUM_PATH, else the first existing candidate. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumNotFound(`CHROMIUM_PATH=${fromEnv} does not exist.`);
  }
  const found = chromiumCandidates.find((path) => existsSync(path));
  if (found) return found;
  throw new ChromiumNotFound(
    `No Chromium found (looked for ${chromiumCandidates.join(', ')}). Install Debian's: apt-get install -y chromium ` +
      '(or point CHROMIUM_PATH at a Chromium binary).',
  );
}

/** launchChromium starts a headless Chromium; throws ChromiumNotFound when there is none. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: chromiumFlags });
}
