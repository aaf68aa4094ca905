/**
 * finishSvg prepares Mermaid's SVG for inline use:
 * - hidden from screen readers (the figure carries the caption and description instead of the
 *   SVG's jumbled text nodes);
 * - a minimum width, so that on a phone the figure scrolls sideways instead of shrinking the
 *   labels to an unreadable size;
 * - coordinates in attributes rounded to 2 decimals (Mermaid writes 15 digits; this halves the
 *   size of curved shapes without visible change).
 */
export function finishSvg(svg: string, minReadableWidthPx = 520): string {
  const maxWidth = /max-width:\s*([\d.]+)px/.exec(svg)?.[1];
  const minWidth = Math.round(maxWidth ? Math.min(Number(maxWidth), minReadableWidthPx) : minReadableWidthPx);
  return svg
    .replace(/^<svg\b/, '<svg aria-hidden="true" focusable="false"')
    .replace(/style="max-width:\s*([\d.]+)px;?"/, (_, width: string) => `style="max-width: ${roundNumber(width)}px; min-width: ${minWidth}px;"`)
    .replace(/="([^"]*\d\.\d{3,}[^"]*)"/g, (_, value: string) => `="${value.replace(/-?\d+\.\d{3,}/g, roundNumber)}"`);
}

function roundNumber(number: string): string {
  return String(Math.round(Number(number) * 100) / 100);
}
