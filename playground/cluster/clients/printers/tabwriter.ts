/**
 * Elastic tab stops as Go's text/tabwriter lays them out, which is how kubectl aligns `get` tables
 * (min width 6, padding 3) and `describe` pages (min width 0, padding 2). Written by hand because
 * the column-block rule matters: a line with fewer tab-terminated cells ends a block, so the
 * sections of `describe` align independently, exactly as in the real output.
 */

/** TabwriterOptions are the Go NewWriter parameters that affect space-padded, left-aligned output. */
export interface TabwriterOptions {
  /** Minimal cell width including padding. */
  minWidth: number;
  /** Spaces added to the widest cell of a column. */
  padding: number;
}

/** KUBECTL_TABLE is kubectl's printers.GetNewTabWriter: minwidth 6, padding 3. */
export const KUBECTL_TABLE: TabwriterOptions = { minWidth: 6, padding: 3 };
/** KUBECTL_DESCRIBE is describe's tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const KUBECTL_DESCRIBE: TabwriterOptions = { minWidth: 0, padding: 2 };

/** Width in runes, as Go's tabwriter counts UTF-8 text. */
function runeWidth(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * tabwrite aligns tab-separated text. Each line's cells end with a tab; the text after the last
 * tab is trailing and never padded. The result keeps the input's line breaks.
 */
export function tabwrite(text: string, options: TabwriterOptions): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      let rendered = '';
      lines[i].forEach((cell, j) => {
        rendered += cell;
        if (j < widths.length && j < lines[i].length - 1) rendered += ' '.repeat(Math.max(0, widths[j] - runeWidth(cell)));
      });
      out.push(rendered);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current].length - 1) continue;
      // A cell exists in this column: lines before it are printed with the widths known so far.
      writeLines(line0, current);
      line0 = current;
      let width = options.minWidth;
      for (; current < line1; current++) {
        const line = lines[current];
        if (column >= line.length - 1) break;
        width = Math.max(width, runeWidth(line[column]) + options.padding);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

/** table renders rows of cells (header first) the way `kubectl get` prints them. */
export function table(rows: string[][]): string {
  return tabwrite(rows.map((cells) => cells.join('\t')).join('\n'), KUBECTL_TABLE);
}

/**
 * RememberedWidths prints a table in pieces, as `kubectl get -w` does: every watch event is one
 * row flushed alone, and kubectl's tabwriter (liggitt/tabwriter with RememberWidths) keeps each
 * column at least as wide as it was in earlier flushes, so later rows stay under the header.
 */
export class RememberedWidths {
  private readonly widths: number[] = [];

  constructor(private readonly options: TabwriterOptions = KUBECTL_TABLE) {}

  /** render lays out rows that all have the same columns (header included, if any). */
  render(rows: string[][]): string {
    const columns = Math.max(0, ...rows.map((cells) => cells.length - 1));
    for (let j = 0; j < columns; j++) {
      let width = Math.max(this.options.minWidth, this.widths[j] ?? 0);
      for (const cells of rows) if (j < cells.length - 1) width = Math.max(width, runeWidth(cells[j]) + this.options.padding);
      this.widths[j] = width;
    }
    return rows.map((cells) => cells.map((cell, j) => (j < cells.length - 1 ? cell + ' '.repeat(Math.max(0, this.widths[j] - runeWidth(cell))) : cell)).join('')).join('\n');
  }
}
