/**
 * finishSvg prepares Mermaid's SVG for inline use:
 * - hidden from screen readers (the figure carries the caption and description instead of the
 *   SVG's jumbled text nodes);
 * - a minimum width, so that on a phone the figure scrolls sideways instead of shrinking the
 *   labels to an unreadable size;
 * - long coordinates in attributes rounded to 2 decimals (Mermaid's curves carry 15 digits;
 *   rounding halves their size without visible change). Only numbers with 5 or more decimals
 *   are touched: compact path data (icons) can run arc flags into the next number ("011.05"),
 *   and those short numbers are best left exactly as written.
 */
export function finishSvg(svg: string, minReadableWidthPx = 520): string {
  const maxWidth = /max-width:\s*([\d.]+)px/.exec(svg)?.[1];
  const minWidth = Math.round(maxWidth ? Math.min(Number(maxWidth), minReadableWidthPx) : minReadableWidthPx);
  return svg
    .replace(/^<svg\b/, '<svg aria-hidden="true" focusable="false"')
    .replace(/style="max-width:\s*([\d.]+)px;?"/, (_, width: string) => `style="max-width: ${Math.round(Number(width) * 100) / 100}px; min-width: ${minWidth}px;"`)
    .replace(/="([^"]*\.\d{5}[^"]*)"/g, (_, value: string) => `="${roundNumbersIn(value)}"`);
}

// One SVG number: sign, digits, optional fraction (".05" is a whole number on its own), exponent.
const svgNumber = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * roundNumbersIn rounds every number with five or more decimals in an attribute value. Path
 * data may run numbers together ("5.4.0512" is 5.4 then .0512), so a rounded number that follows
 * a digit or a dot gets a space in front to stay a separate number.
 */
function roundNumbersIn(value: string): string {
  return value.replace(svgNumber, (number: string, offset: number) => {
    if (!/\.\d{5}/.test(number) || /[eE]/.test(number)) return number;
    const rounded = String(Math.round(Number(number) * 100) / 100);
    const previous = value[offset - 1] ?? '';
    return /[\d.]/.test(previous) ? ` ${rounded}` : rounded;
  });
}
