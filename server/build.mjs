// buildServer bundles the TypeScript server (server/main.ts and everything it imports from
// playground/cluster) into one ES module, server/.build/main.mjs. The cluster code uses
// extensionless imports, which Node's own type stripping cannot resolve, and bundling once with
// esbuild (already a dependency) starts faster than a TypeScript loader would.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = dirname(fileURLToPath(import.meta.url));

/** BUNDLE_PATH is where the bundle is written (gitignored). */
export const BUNDLE_PATH = join(serverDir, '.build', 'main.mjs');

/** buildServer writes the bundle and returns its path. */
export async function buildServer() {
  await build({
    entryPoints: [join(serverDir, 'main.ts')],
    outfile: BUNDLE_PATH,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Dependencies stay in node_modules; only our TypeScript is bundled.
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return BUNDLE_PATH;
}
