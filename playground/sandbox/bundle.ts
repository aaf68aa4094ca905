/**
 * buildKubeBundle prebuilds the two pieces of JavaScript every sandbox evaluates before the steps:
 * the guest prelude (console, require, __kubeYield: guest/prelude.ts) and the "kube" module (the
 * control plane wrapped by kube-entry.ts). Node-only (esbuild); the site gets the same output
 * through vite-plugin.ts, Node tests call it directly.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** KubeBundle is the prebuilt guest code. */
export interface KubeBundle {
  /** Script evaluated first in every sandbox. */
  prelude: string;
  /** ES module served to the sandbox under the name "kube". */
  kube: string;
}

/** BuiltKubeBundle is a KubeBundle plus the source files it was built from (for watching). */
export interface BuiltKubeBundle extends KubeBundle {
  inputs: string[];
}

/** KubeBundleOptions picks what to build. */
export interface KubeBundleOptions {
  /** Entry of the "kube" module. Default: kube-entry.ts (the real control plane). */
  entry?: string;
  /** Minify both pieces. Default true (the page ships them); names are kept either way. */
  minify?: boolean;
}

/** DEFAULT_KUBE_ENTRY is the real control plane's entry, wrapped for runs. */
export const DEFAULT_KUBE_ENTRY = fileURLToPath(new URL('./kube-entry.ts', import.meta.url));
/** FIXTURE_KUBE_ENTRY is the mini-kube test fixture's entry. */
export const FIXTURE_KUBE_ENTRY = fileURLToPath(new URL('./fixtures/mini-kube-entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PRELUDE_ENTRY = fileURLToPath(new URL('./guest/prelude.ts', import.meta.url));

const cache = new Map<string, Promise<BuiltKubeBundle>>();

/** forgetKubeBundles drops cached builds (the Vite plugin calls it when a source file changes). */
export function forgetKubeBundles(): void {
  cache.clear();
}

/** buildKubeBundle builds (once per entry and minify setting in this process) the guest code. */
export function buildKubeBundle(options: KubeBundleOptions = {}): Promise<BuiltKubeBundle> {
  const entry = options.entry ?? DEFAULT_KUBE_ENTRY;
  const minify = options.minify ?? true;
  const cacheKey = `${entry}\0${minify}`;
  let pending = cache.get(cacheKey);
  if (!pending && !existsSync(entry)) {
    return Promise.reject(
      new Error(
        `The sandbox bundle entry ${entry} does not exist. The real one (kube-entry.ts) wraps playground/cluster/index.ts; ` +
          'until that lands, build against the fixture with { entry: FIXTURE_KUBE_ENTRY }.',
      ),
    );
  }
  if (!pending) {
    pending = Promise.all([bundleOne(PRELUDE_ENTRY, 'iife', minify), bundleOne(entry, 'esm', minify)]).then(([prelude, kube]) => ({
      prelude: prelude.text,
      kube: kube.text,
      inputs: [...new Set([...prelude.inputs, ...kube.inputs])],
    }));
    pending.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, pending);
  }
  return pending;
}

async function bundleOne(entry: string, format: 'iife' | 'esm', minify: boolean): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    // QuickJS implements ES2023, but es2020 it is: with native class fields (es2022) constructing a
    // class with five fields was about 1.5x faster in QuickJS, yet the first Run of a page took
    // ~85 ms longer (sandbox.cold_run_ms 330 → 415, bisected) and the 1k-node scenario moved by
    // less than its noise. The cold run is what every reader pays.
    target: 'es2020',
    // Class fields become assignments in the constructor (TypeScript's useDefineForClassFields:
    // false), not a __publicField helper call per field per object: ~64 of those per pod in the
    // 1k-node scenario, each a call plus an `in` check in QuickJS. The difference is only visible
    // to code that redefines a field over an inherited accessor, which the control plane does not.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: true } },
    platform: 'neutral',
    minify,
    // Readers see class names in console output (`Pod { … }`) and in error names. The price, measured
    // in QuickJS: a name helper call per function made (99k while 1,000 nodes start, ~36 per pod),
    // about 3% of cluster setup; not minifying identifiers instead would keep names for free but
    // adds 13 KB gzipped to the page's download.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    absWorkingDir: ROOT,
  });
  return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input)) };
}
