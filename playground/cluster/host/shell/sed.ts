/**
 * sed for the edits administrators make to manifests and units: `s/old/new/[gi]` (any delimiter,
 * `&` and `\1` in the replacement), `d` and `p`, each optionally after a `/regex/`, line-number or
 * `$` address; scripts from `-e` or the first operand, separated by `;` or newlines; `-i` edits the
 * files in place, `-n` prints only what `p` asks for, `-E`/`-r` switch to extended regexes.
 * Error messages follow GNU sed, character positions included.
 */
import { FsError } from '../fs';
import type { HostFileSystem } from '../fs';
import { InvalidPatternError, toJsRegExp } from './regex';
import type { RegexSyntax } from './regex';
import { fail } from './shell';
import type { Command } from './shell';

type Address = { regex: RegExp } | { line: number } | { last: true };

interface SedCommand {
  address?: Address;
  op: 's' | 'd' | 'p';
  regex?: RegExp;
  replacement?: string;
  global?: boolean;
}

/** SedScriptError is a script sed cannot parse; the message is GNU sed's. */
export class SedScriptError extends Error {}

function readDelimited(script: string, start: number, delimiter: string, what: string, exprIndex: number): { text: string; end: number } {
  let text = '';
  for (let i = start; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\' && i + 1 < script.length) {
      text += script[i + 1] === delimiter ? delimiter : ch + script[i + 1];
      i++;
    } else if (ch === delimiter) {
      return { text, end: i };
    } else {
      text += ch;
    }
  }
  throw new SedScriptError(`sed: -e expression #${exprIndex}, char ${script.length}: unterminated ${what}`);
}

/** jsReplacement turns sed's replacement syntax into String.replace's. */
function jsReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i];
      if (/[1-9]/.test(next)) out += `$${next}`;
      else if (next === 'n') out += '\n';
      else if (next === '$') out += '$$';
      else out += next;
    } else if (ch === '&') out += '$&';
    else if (ch === '$') out += '$$';
    else out += ch;
  }
  return out;
}

function compile(pattern: string, syntax: RegexSyntax, flags: string, exprIndex: number, at: number): RegExp {
  try {
    return new RegExp(toJsRegExp(pattern, syntax), flags);
  } catch (err) {
    if (err instanceof InvalidPatternError) throw new SedScriptError(`sed: -e expression #${exprIndex}, char ${at}: ${err.message}`);
    throw err;
  }
}

/** parseSedScript compiles one -e expression into commands. */
export function parseSedScript(script: string, syntax: RegexSyntax, exprIndex = 1): SedCommand[] {
  const commands: SedCommand[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
    if (i >= script.length) break;
    let address: Address | undefined;
    if (script[i] === '/') {
      const { text, end } = readDelimited(script, i + 1, '/', 'address regex', exprIndex);
      address = { regex: compile(text, syntax, '', exprIndex, end + 1) };
      i = end + 1;
    } else if (/\d/.test(script[i])) {
      const digits = /^\d+/.exec(script.slice(i))![0];
      address = { line: Number(digits) };
      i += digits.length;
    } else if (script[i] === '$') {
      address = { last: true };
      i++;
    }
    const op = script[i];
    if (op === 'd' || op === 'p') {
      commands.push({ address, op });
      i++;
    } else if (op === 's') {
      const delimiter = script[i + 1];
      if (!delimiter || delimiter === '\n' || delimiter === '\\') {
        throw new SedScriptError(`sed: -e expression #${exprIndex}, char ${i + 2}: unterminated \`s' command`);
      }
      const pattern = readDelimited(script, i + 2, delimiter, "`s' command", exprIndex);
      const replacement = readDelimited(script, pattern.end + 1, delimiter, "`s' command", exprIndex);
      i = replacement.end + 1;
      let flagText = '';
      while (i < script.length && /[gipI0-9]/.test(script[i])) flagText += script[i++];
      if (i < script.length && !/[\s;}]/.test(script[i])) {
        throw new SedScriptError(`sed: -e expression #${exprIndex}, char ${i + 1}: unknown option to \`s'`);
      }
      const regexFlags = /[iI]/.test(flagText) ? 'i' : '';
      commands.push({
        address,
        op: 's',
        regex: compile(pattern.text, syntax, regexFlags + (flagText.includes('g') ? 'g' : ''), exprIndex, i),
        replacement: jsReplacement(replacement.text),
        global: flagText.includes('g'),
      });
    } else {
      const shown = op === undefined ? 'missing command' : `unknown command: \`${op}'`;
      throw new SedScriptError(`sed: -e expression #${exprIndex}, char ${i + 1}: ${shown}`);
    }
  }
  return commands;
}

function matches(address: Address | undefined, line: string, lineNumber: number, isLast: boolean): boolean {
  if (!address) return true;
  if ('regex' in address) return address.regex.test(line);
  if ('line' in address) return address.line === lineNumber;
  return isLast;
}

/** applySed runs the commands over `text` and returns the output. */
export function applySed(text: string, commands: SedCommand[], quiet: boolean): string {
  const lines = text.split('\n');
  const trailingNewline = lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  let out = '';
  lines.forEach((original, index) => {
    let line = original;
    let deleted = false;
    for (const command of commands) {
      if (!matches(command.address, line, index + 1, index === lines.length - 1)) continue;
      if (command.op === 'd') {
        deleted = true;
        break;
      }
      if (command.op === 'p') out += `${line}\n`;
      else line = line.replace(command.regex!, command.replacement!);
    }
    if (!deleted && !quiet) out += `${line}\n`;
  });
  return trailingNewline || out === '' ? out : out.replace(/\n$/, '');
}

/** sedCommand returns sed bound to `fs`. */
export function sedCommand(fs: HostFileSystem): Command {
  return (args, io) => {
    const scripts: string[] = [];
    const operands: string[] = [];
    let inPlace = false;
    let quiet = false;
    let syntax: RegexSyntax = 'basic';
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '-e' || arg === '--expression') scripts.push(args[++i] ?? '');
      else if (arg === '-i' || arg.startsWith('--in-place')) inPlace = true;
      else if (arg === '-n' || arg === '--quiet') quiet = true;
      else if (arg === '-E' || arg === '-r') syntax = 'extended';
      else if (/^-[inEr]+$/.test(arg)) {
        inPlace ||= arg.includes('i');
        quiet ||= arg.includes('n');
        if (/[Er]/.test(arg)) syntax = 'extended';
      } else operands.push(arg);
    }
    if (scripts.length === 0) {
      if (operands.length === 0) return fail('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...', 1);
      scripts.push(operands.shift()!);
    }
    let commands: SedCommand[];
    try {
      commands = scripts.flatMap((script, n) => parseSedScript(script, syntax, n + 1));
    } catch (err) {
      if (err instanceof SedScriptError) return fail(err.message, 1);
      throw err;
    }
    if (inPlace && operands.length === 0) return fail('sed: no input files', 1);
    if (operands.length === 0) return { stdout: applySed(io.stdin, commands, quiet), stderr: '', exitCode: 0 };
    let stdout = '';
    let stderr = '';
    for (const file of operands) {
      let text: string;
      try {
        text = fs.readFile(file);
      } catch (err) {
        if (!(err instanceof FsError)) throw err;
        stderr += err.reason === 'Is a directory' ? `sed: couldn't edit ${file}: not a regular file\n` : `sed: can't read ${file}: ${err.reason}\n`;
        continue;
      }
      const edited = applySed(text, commands, quiet);
      if (inPlace) {
        // Like GNU sed, -i rewrites the file even when nothing changed (its mtime moves).
        fs.writeFile(file, edited);
      } else stdout += edited;
    }
    return { stdout, stderr, exitCode: stderr ? 2 : 0 };
  };
}
