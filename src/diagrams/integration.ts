import type { AstroIntegration } from 'astro';
import { closeDiagramRenderer } from './build-renderer';

/**
 * diagramsIntegration closes the build-time diagram browser when a build or dev server ends, so
 * `astro build` exits promptly instead of waiting for the renderer's idle timer.
 */
export function diagramsIntegration(): AstroIntegration {
  return {
    name: 'kube-api-diagrams',
    hooks: {
      'astro:build:done': async () => closeDiagramRenderer(),
      'astro:server:done': async () => closeDiagramRenderer(),
    },
  };
}
