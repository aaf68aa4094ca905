/**
 * kubeSandboxBundle is the Vite plugin that puts the prebuilt guest code (bundle.ts) into the
 * site: `import { prelude, kube } from 'virtual:kube-sandbox-bundle'` yields both as strings.
 * Only the sandbox worker imports it, so the control plane ships inside the worker's chunk and is
 * downloaded on the first Run, never with the page.
 *
 * Register it for the page AND for worker bundles (Vite builds workers with their own plugins):
 *   vite: { plugins: [kubeSandboxBundle()], worker: { format: 'es', plugins: () => [kubeSandboxBundle()] } }
 */
import type { Plugin } from 'vite';
import { buildKubeBundle, forgetKubeBundles, type KubeBundleOptions } from './bundle';

/** VIRTUAL_BUNDLE_ID is the import specifier of the virtual module. */
export const VIRTUAL_BUNDLE_ID = 'virtual:kube-sandbox-bundle';
const RESOLVED_ID = `\0${VIRTUAL_BUNDLE_ID}`;

/** kubeSandboxBundle returns the plugin; options go to buildKubeBundle (default: real control plane). */
export function kubeSandboxBundle(options: KubeBundleOptions = {}): Plugin {
  let inputs = new Set<string>();
  return {
    name: 'kube-sandbox-bundle',
    resolveId(id) {
      return id === VIRTUAL_BUNDLE_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const bundle = await buildKubeBundle(options);
      inputs = new Set(bundle.inputs);
      for (const file of bundle.inputs) this.addWatchFile(file);
      return `export const prelude = ${JSON.stringify(bundle.prelude)};\nexport const kube = ${JSON.stringify(bundle.kube)};\n`;
    },
    watchChange(id) {
      if (inputs.has(id)) forgetKubeBundles();
    },
    handleHotUpdate({ file, server }) {
      if (!inputs.has(file)) return;
      forgetKubeBundles();
      const module = server.moduleGraph.getModuleById(RESOLVED_ID);
      if (module) server.moduleGraph.invalidateModule(module);
    },
  };
}
