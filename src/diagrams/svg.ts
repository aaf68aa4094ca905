/**
 * finishSvg prepares Mermaid's SVG for inline use: hidden from screen readers (the figure
 * carries the caption and description instead of the SVG's jumbled text nodes) and given a
 * minimum width so that on a phone the figure scrolls sideways instead of shrinking the
 * labels to an unreadable size.
 */
export function finishSvg(svg: string, minReadableWidthPx = 520): string {
  const maxWidth = /max-width:\s*([\d.]+)px/.exec(svg)?.[1];
  const minWidth = maxWidth ? Math.min(Number(maxWidth), minReadableWidthPx) : minReadableWidthPx;
  return svg.replace(/^<svg\b/, `<svg aria-hidden="true" focusable="false"`).replace(
    /style="max-width:\s*([\d.]+)px;?"/,
    (_, width: string) => `style="max-width: ${width}px; min-width: ${Math.round(minWidth)}px;"`,
  );
}
