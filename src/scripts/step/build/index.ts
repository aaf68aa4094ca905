/**
 * Vite settings the runnable steps need, in one place so astro.config.mjs adds them in two lines:
 * the "kube" declarations for Monaco and Monaco's CSS kept out of <head>, plus the dependencies
 * to pre-bundle in dev (Monaco's entries are slow to discover on first load, STACK-NOTES).
 */
import type { Plugin } from 'vite';
import { kubeTypesPlugin } from '../../../../playground/types/vite-plugin';
import { monacoCssPlugin } from './monaco-css';

/** stepVitePlugins are the plugins for the Step component's editor. */
export function stepVitePlugins(): Plugin[] {
  return [monacoCssPlugin(), kubeTypesPlugin()];
}

/** stepOptimizeDeps lists what Vite should pre-bundle in dev for the editor and output panel. */
export const stepOptimizeDeps: string[] = [
  'monaco-editor/editor',
  'monaco-editor/languages/definitions/typescript/register',
  'monaco-editor/languages/features/typescript/register',
  'fflate',
  'mermaid',
];
