/**
 * transpileStep turns a step's TypeScript into the JavaScript the sandbox evaluates, and keeps a
 * map back to the TypeScript so errors point at what the reader wrote.
 *
 * Why sucrase and not Monaco's TypeScript worker (STACK-NOTES "TypeScript in the browser"):
 * sucrase costs 44 KB gz and 3-6 ms per run, works before Monaco has loaded (most readers press
 * Run without opening the editor) and runs in the sandbox worker with no round trip; Monaco's
 * `getEmitOutput` is free to download only once the 2.6 MB editor is open and takes 26-38 ms.
 * Sucrase only strips types (no type checking), which is what a Run needs; the build type-checks
 * the shipped steps with tsc.
 *
 * Why the "imports" transform: steps run as async global scripts (see runner.ts), so that a step's
 * top-level declarations stay visible to later steps. `import … from "kube"` becomes
 * `require('kube')`, which the guest prelude answers with the control-plane bundle and refuses for
 * anything else. Sucrase keeps every line where it was and its source map is token-exact, so
 * positions map back precisely even where it renamed an imported binding.
 */
import { decode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { transform } from 'sucrase';

/** TranspiledStep is a step ready to evaluate. */
export interface TranspiledStep {
  /** JavaScript for an async global script: same line numbers as the TypeScript. */
  code: string;
  /** toSource maps a 1-based line/column of `code` to the 1-based line/column in the TypeScript. */
  toSource(line: number, column: number): { line: number; column: number };
}

/** TranspileFailure is a syntax error sucrase found, with its 1-based position in the TypeScript. */
export interface TranspileFailure {
  message: string;
  line: number;
  column: number;
}

/** transpileStep strips types and rewrites imports; it returns a failure for invalid syntax. */
export function transpileStep(source: string, fileName: string): TranspiledStep | TranspileFailure {
  let output: ReturnType<typeof transform>;
  try {
    output = transform(source, {
      transforms: ['typescript', 'imports'],
      // QuickJS speaks modern JavaScript: keep optional chaining, class fields and friends as written.
      disableESTransforms: true,
      filePath: fileName,
      sourceMapOptions: { compiledFilename: fileName },
    });
  } catch (error) {
    return syntaxFailure(error, source);
  }
  const lines = decode(output.sourceMap!.mappings);
  return { code: output.code, toSource: (line, column) => mapPosition(lines, line, column) };
}

/** isTranspileFailure tells a failure from a transpiled step. */
export function isTranspileFailure(value: TranspiledStep | TranspileFailure): value is TranspileFailure {
  return !('code' in value);
}

function mapPosition(lines: SourceMapSegment[][], line: number, column: number): { line: number; column: number } {
  const segments = lines[line - 1];
  if (!segments || segments.length === 0) return { line, column };
  const generatedColumn = column - 1;
  let best: SourceMapSegment | undefined;
  for (const segment of segments) {
    if (segment[0] > generatedColumn) break;
    best = segment;
  }
  if (!best || best.length < 4) return { line, column };
  const [generatedStart, , sourceLine, sourceColumn] = best as [number, number, number, number];
  // Inside a token the offset carries over (an error in the middle of a long identifier).
  return { line: sourceLine + 1, column: sourceColumn + (generatedColumn - generatedStart) + 1 };
}

function syntaxFailure(error: unknown, source: string): TranspileFailure {
  const raw = error instanceof Error ? error.message : String(error);
  // Sucrase appends "(line:column)" to its messages; the position is reported separately.
  const message = raw.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  const pos = (error as { pos?: unknown }).pos;
  if (typeof pos === 'number' && pos >= 0) {
    const before = source.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - (before.lastIndexOf('\n') + 1) + 1;
    return { message, line, column };
  }
  return { message, line: 1, column: 1 };
}
