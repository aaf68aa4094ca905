/**
 * grep as GNU grep prints it: matching lines, `file:` prefixes with several files, exit status 0
 * on a match, 1 on none and 2 on an error. Options: -i -v -e -E -F -n -c -q -w -h -H -o (combinable,
 * `--color=…` ignored).
 */
import { FsError } from '../fs';
import type { HostFileSystem } from '../fs';
import { InvalidPatternError, toJsRegExp } from './regex';
import type { RegexSyntax } from './regex';
import { fail } from './shell';
import type { Command } from './shell';

/** grepCommand returns grep bound to `fs`. */
export function grepCommand(fs: HostFileSystem): Command {
  return (args, io) => {
    const patterns: string[] = [];
    const files: string[] = [];
    const flags = new Set<string>();
    let syntax: RegexSyntax = 'basic';
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg.startsWith('--color') || arg === '--colour') continue;
      if (arg === '-e') {
        if (i + 1 >= args.length) return fail("grep: option requires an argument -- 'e'", 2);
        patterns.push(args[++i]);
      } else if (arg.startsWith('-e') && arg.length > 2) {
        patterns.push(arg.slice(2));
      } else if (/^-[a-zA-Z]+$/.test(arg)) {
        for (const flag of arg.slice(1)) {
          if (flag === 'E') syntax = 'extended';
          else if (flag === 'F') syntax = 'fixed';
          else if ('ivncqwhHo'.includes(flag)) flags.add(flag);
          else return fail(`grep: invalid option -- '${flag}'\nUsage: grep [OPTION]... PATTERNS [FILE]...`, 2);
        }
      } else {
        files.push(arg);
      }
    }
    // Without -e, the first operand is the pattern and the rest are files.
    if (patterns.length === 0 && files.length > 0) patterns.push(files.shift()!);
    if (patterns.length === 0) return fail('Usage: grep [OPTION]... PATTERNS [FILE]...\nTry \'grep --help\' for more information.', 2);

    let regexes: RegExp[];
    try {
      regexes = patterns.map((p) => {
        const source = toJsRegExp(p, syntax);
        return new RegExp(flags.has('w') ? `(?<![\\w])(?:${source})(?![\\w])` : source, flags.has('i') ? 'i' : '');
      });
    } catch (err) {
      if (err instanceof InvalidPatternError) return fail(`grep: ${err.message}`, 2);
      throw err;
    }

    const inputs: { name: string; text: string }[] = [];
    let stderr = '';
    if (files.length === 0) inputs.push({ name: '(standard input)', text: io.stdin });
    for (const file of files) {
      try {
        inputs.push({ name: file, text: fs.readFile(file) });
      } catch (err) {
        if (!(err instanceof FsError)) throw err;
        stderr += `grep: ${file}: ${err.reason}\n`;
      }
    }
    const prefixNames = (files.length > 1 || flags.has('H')) && !flags.has('h');
    let stdout = '';
    let matched = false;
    for (const input of inputs) {
      const lines = input.text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      let count = 0;
      lines.forEach((line, index) => {
        const hit = regexes.some((re) => re.test(line)) !== flags.has('v');
        if (!hit) return;
        count++;
        if (flags.has('c') || flags.has('q')) return;
        const prefix = `${prefixNames ? `${input.name}:` : ''}${flags.has('n') ? `${index + 1}:` : ''}`;
        if (flags.has('o') && !flags.has('v')) {
          for (const re of regexes) {
            for (const match of line.matchAll(new RegExp(re.source, re.flags + 'g'))) if (match[0]) stdout += `${prefix}${match[0]}\n`;
          }
        } else stdout += `${prefix}${line}\n`;
      });
      if (flags.has('c')) stdout += `${prefixNames ? `${input.name}:` : ''}${count}\n`;
      matched ||= count > 0;
    }
    if (flags.has('q')) stdout = '';
    return { stdout, stderr, exitCode: stderr && !matched ? 2 : matched ? 0 : 1 };
  };
}
