/**
 * OutputCollector keeps the console lines of the step that is running, within the caps (lines
 * and bytes per step). Past a cap it adds one "… output truncated" line and tells the guest to stop
 * sending. Earlier steps run silently: the runner keeps their lines only until they succeed.
 */
import { MAX_CONSOLE_BYTES, MAX_CONSOLE_LINES, type ConsoleLevel, type ConsoleLine } from './protocol';

const LEVELS: readonly ConsoleLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

/** TRUNCATED_LINE is the text of the line that marks a cut. */
export const TRUNCATED_LINE = '… output truncated';

/** OutputCollector gathers one step's console lines at a time. */
export class OutputCollector {
  private lines: ConsoleLine[] = [];
  private bytes = 0;
  /** Text lines (a multi-line object counts once per line), which is what the cap counts. */
  private textLines = 0;
  private truncated = false;
  private step = 0;

  constructor(
    private readonly maxLines = MAX_CONSOLE_LINES,
    private readonly maxBytes = MAX_CONSOLE_BYTES,
  ) {}

  /** startStep begins a new step: the previous step's lines are dropped. */
  startStep(step: number): void {
    this.step = step;
    this.lines = [];
    this.bytes = 0;
    this.textLines = 0;
    this.truncated = false;
  }

  /** write records a line; false once the step's budget is spent. */
  write(level: string, text: string): boolean {
    if (this.truncated) return false;
    const safeLevel = (LEVELS as readonly string[]).includes(level) ? (level as ConsoleLevel) : 'log';
    const lineCount = text.split('\n').length;
    const size = text.length;
    if (this.textLines + lineCount > this.maxLines || this.bytes + size > this.maxBytes) {
      // Keep what still fits of this last text, cut at a line boundary.
      const fitting = text.split('\n').slice(0, Math.max(0, this.maxLines - this.textLines)).join('\n').slice(0, Math.max(0, this.maxBytes - this.bytes));
      if (fitting.length > 0) this.lines.push({ level: safeLevel, text: fitting, step: this.step });
      this.lines.push({ level: 'warn', text: TRUNCATED_LINE, step: this.step });
      this.truncated = true;
      return false;
    }
    this.lines.push({ level: safeLevel, text, step: this.step });
    this.bytes += size;
    this.textLines += lineCount;
    return true;
  }

  /** current returns the lines of the step that ran last. */
  current(): ConsoleLine[] {
    return this.lines;
  }
}
