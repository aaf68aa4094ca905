/**
 * createNodeRunner is the runner as Node uses it (tests, the bench, build-time step checks): the
 * QuickJS wasm is read from node_modules and the bundle is built with esbuild in-process.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { buildKubeBundle, type KubeBundleOptions } from './bundle';
import { createRunner, type SandboxRunner } from './runner';

const require = createRequire(import.meta.url);

/** compileQuickJSWasmFromFile compiles the release-sync QuickJS wasm from node_modules. */
export async function compileQuickJSWasmFromFile(): Promise<WebAssembly.Module> {
  const path = require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
  return WebAssembly.compile(await readFile(path));
}

/** createNodeRunner returns a runner over the given bundle entry (default: the real control plane). */
export function createNodeRunner(bundle: KubeBundleOptions = {}): SandboxRunner {
  return createRunner({ compileWasm: compileQuickJSWasmFromFile, loadBundle: () => buildKubeBundle(bundle) });
}
