/**
 * kubeTypesPlugin serves `virtual:kube-types`: the "kube" declarations (see kube-declarations.ts)
 * as a default-exported map of path → text, which the editor loads with Monaco. Generated once
 * per build (and again in dev when a control-plane file changes).
 */
import type { Plugin } from 'vite';
import { emitKubeDeclarations, type KubeDeclarationOptions } from './kube-declarations';

/** KUBE_TYPES_ID is the import specifier of the generated declarations. */
export const KUBE_TYPES_ID = 'virtual:kube-types';
const RESOLVED_ID = `\0${KUBE_TYPES_ID}`;

/** kubeTypesPlugin builds the declarations on first import; `root` defaults to Vite's root. */
export function kubeTypesPlugin(options: Partial<KubeDeclarationOptions> = {}): Plugin {
  let root = options.root ?? process.cwd();
  let cached: Promise<string> | undefined;
  return {
    name: 'kube-types',
    configResolved(config) {
      root = options.root ?? config.root;
    },
    resolveId(id) {
      return id === KUBE_TYPES_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      cached ??= emitKubeDeclarations({ root, entry: options.entry }).then(
        ({ files, diagnostics }) => {
          if (diagnostics) this.warn(`type errors while generating "kube" declarations:\n${diagnostics.slice(0, 4000)}`);
          return `export default ${JSON.stringify(files)};`;
        },
        (error: unknown) => {
          // The editor still works without them (no completions for "kube"); the build says why.
          this.warn(`no "kube" declarations for the editor: ${error instanceof Error ? error.message : String(error)}`);
          return 'export default {};';
        },
      );
      return cached;
    },
    watchChange(id) {
      if (id.includes('/playground/cluster/')) cached = undefined;
    },
  };
}
