/**
 * The words of a Mermaid diagram for readers who cannot see it. Authors write them in the diagram
 * itself with Mermaid's own accessibility keywords, so the text travels with the picture:
 *
 *     sequenceDiagram
 *       accTitle: Creating a pod
 *       accDescr: kubectl sends a POST ... and gets 201 Created.
 *
 * `accDescr { ... }` may span several lines.
 */

/** DiagramText is a diagram's caption (accTitle) and its screen-reader description (accDescr). */
export interface DiagramText {
  title: string;
  description: string;
}

/** DiagramTextMissing says that a diagram lacks accTitle or accDescr, quoting its first line. */
export class DiagramTextMissing extends Error {
  override name = 'DiagramTextMissing';
}

const titlePattern = /^\s*accTitle\s*:\s*(.+?)\s*$/m;
const singleLineDescriptionPattern = /^\s*accDescr\s*:\s*(.+?)\s*$/m;
const blockDescriptionPattern = /^\s*accDescr\s*\{([\s\S]*?)\}/m;

/**
 * readDiagramText pulls accTitle and accDescr out of Mermaid source. Every diagram must have both:
 * a picture without a text alternative fails the build, not a screen-reader user.
 */
export function readDiagramText(source: string): DiagramText {
  const title = titlePattern.exec(source)?.[1];
  const description =
    singleLineDescriptionPattern.exec(source)?.[1] ??
    blockDescriptionPattern.exec(source)?.[1]?.replace(/\s+/g, ' ').trim();
  const missing = [title ? undefined : 'accTitle', description ? undefined : 'accDescr'].filter(Boolean);
  if (missing.length > 0) {
    const firstLine = source.trim().split('\n')[0] ?? '';
    throw new DiagramTextMissing(
      `Mermaid diagram "${firstLine}" needs ${missing.join(' and ')}: add lines like "accTitle: Creating a pod" and "accDescr: kubectl sends ..." so screen-reader users get the same information.`,
    );
  }
  return { title: title as string, description: description as string };
}
