/**
 * Node's rules for laying out an inspected object (lib/internal/util/inspect.js, compact = 3),
 * reproduced so the sandbox console reads like Node's: one line when it fits, aligned columns for
 * long arrays of short entries, one entry per line otherwise.
 */

/** Layout is where the object being laid out sits, and the limits in force. */
export interface Layout {
  /** Spaces of indentation of the object's first line. */
  indent: number;
  /** Nesting level of the object (0 = the value passed to console.log). */
  level: number;
  /** Level of the object whose entries were formatted last (Node's ctx.currentDepth). */
  currentDepth: number;
  breakLength: number;
  maxArrayLength: number;
}

/**
 * reduceToSingleString applies Node's rule (lib/internal/util/inspect.js, compact = 3): an object goes on
 * one line when it nests fewer than 3 levels and fits in breakLength; arrays of more than 6 entries
 * are first grouped into aligned columns.
 */
export function reduceToSingleString(entries: string[], open: string, close: string, layout: Layout, array?: unknown[]): string {
  const { indent, level } = layout;
  const count = entries.length;
  let output = entries;
  if (array && count > 6) output = groupArrayElements(output, layout, array);
  if (layout.currentDepth - level < 3 && count === output.length) {
    const start = output.length + indent + open.length + 10;
    const total = output.reduce((sum, entry) => sum + entry.length, output.length + start);
    if (total <= layout.breakLength && !output.some((entry) => entry.includes('\n'))) {
      return `${open} ${output.join(', ')} ${close}`;
    }
  }
  const pad = `\n${' '.repeat(indent)}`;
  return `${open}${pad}  ${output.join(`,${pad}  `)}${pad}${close}`;
}

/** groupArrayElements lays short array entries out in columns, as Node does. */
function groupArrayElements(output: string[], layout: Layout, array: unknown[]): string[] {
  const { indent, breakLength, maxArrayLength } = layout;
  let totalLength = 0;
  let maxLength = 0;
  // The "... n more items" entry does not take part in the grouping.
  const outputLength = array.length > maxArrayLength ? output.length - 1 : output.length;
  const separatorSpace = 2;
  const dataLength: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const length = output[i].length;
    dataLength.push(length);
    totalLength += length + separatorSpace;
    if (maxLength < length) maxLength = length;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + indent < breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((breakLength - indent) / actualMax),
      3 * 4,
      15,
    );
    if (columns <= 1) return output;
    const maxLineLength: number[] = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) if (dataLength[j] > lineLength) lineLength = dataLength[j];
      maxLineLength.push(lineLength + separatorSpace);
    }
    const numeric = output.every((_, i) => typeof array[i] === 'number' || typeof array[i] === 'bigint');
    const grouped: string[] = [];
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let line = '';
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        line += numeric ? cell.padStart(maxLineLength[j - i]) : cell.padEnd(maxLineLength[j - i]);
      }
      line += numeric ? output[j].padStart(maxLineLength[j - i] - separatorSpace) : output[j];
      grouped.push(line);
    }
    if (outputLength < output.length) grouped.push(output[outputLength]);
    return grouped;
  }
  return output;
}

