/**
 * What a kubectl command hands back: the text it printed on each stream and its exit code, as a
 * terminal would show them. Commands build one with an OutputBuffer and finish with `done`.
 */

/** CommandResult is a finished command: stdout, stderr and the process exit code. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Done receives a command's result; every command calls it exactly once. */
export type Done = (result: CommandResult) => void;

/** OutputBuffer collects a command's output as it goes; a command that printed an error exits 1. */
export class OutputBuffer {
  stdout = '';
  stderr = '';
  failed = false;

  /** out appends text to stdout, adding a final newline when missing. */
  out(text: string): void {
    this.stdout += text.endsWith('\n') ? text : text + '\n';
  }

  /** err appends an error line to stderr and marks the command failed. */
  err(text: string): void {
    this.stderr += text.endsWith('\n') ? text : text + '\n';
    this.failed = true;
  }

  /** note appends to stderr without failing (kubectl's "No resources found" goes there). */
  note(text: string): void {
    this.stderr += text.endsWith('\n') ? text : text + '\n';
  }

  /** result finishes the command. */
  result(): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr, exitCode: this.failed ? 1 : 0 };
  }
}
