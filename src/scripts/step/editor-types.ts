/**
 * CodeEditor is what the step controller needs from an editor, whether Monaco (desktop) or the
 * plain textarea (touch screens): read and replace the code, move the cursor to an error.
 */
export interface CodeEditor {
  /** The element that took the static block's place. */
  readonly element: HTMLElement;
  getValue(): string;
  /** setValue replaces the code as one undoable edit (Ctrl+Z brings the previous code back). */
  setValue(code: string): void;
  focus(): void;
  /** goTo puts the cursor at a 1-based line and column, scrolls it into view and focuses. */
  goTo(line: number, column: number): void;
  onChange(listener: (code: string) => void): void;
}

/** EditorOptions describe the step an editor is for. */
export interface EditorOptions {
  /** Where the editor goes: it replaces `placeholder` (the static code block) in place. */
  placeholder: HTMLElement;
  code: string;
  /** Screen-reader name, such as "Code of Step 1 · List the nodes". */
  label: string;
  /** Model path, unique per step: `chapter/step.ts`. */
  path: string;
  /** Sources of the steps before this one, whose top-level names this step may use. */
  earlierSteps: string[];
  /** Ctrl/Cmd+Enter inside the editor. */
  onRun(): void;
}
