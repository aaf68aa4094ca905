/**
 * The components a chapter's MDX may use. Chapters import from this one index:
 *
 *     import { Callout } from '../../../src/components/mdx';
 *
 * Internal site components live in src/components/site and are not exported here.
 */
export { default as Callout } from './Callout.astro';
export { default as Step } from '../step/Step.astro';
export { default as MermaidDiagram } from '../diagram/MermaidDiagram.astro';

import MermaidDiagram from '../diagram/MermaidDiagram.astro';

/**
 * markdownComponents maps the element names our Markdown plugins emit to components; the
 * chapter page passes it to <Content components={...} />. ```mermaid fences become MermaidDiagram.
 */
export const markdownComponents = { MermaidDiagram };
