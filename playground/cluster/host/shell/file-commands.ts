/**
 * The file utilities of the simulated node: cat, ls, echo, head, tail and wc, with GNU coreutils'
 * output formats and error messages for the options an administrator reaches for.
 */
import { EPOCH_MS } from '../../sim/time';
import { FsError, normalizePath } from '../fs';
import type { DirEntry, HostFileSystem } from '../fs';
import { fail, ok } from './shell';
import type { Command, CommandResult } from './shell';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** lsDate formats a virtual time as `ls -l` does for recent files: `Jan  1 00:05`. */
export function lsDate(virtualMs: number): string {
  const date = new Date(EPOCH_MS + virtualMs);
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${hh}:${mm}`;
}

function modeString(entry: DirEntry): string {
  if (entry.kind === 'dir') return 'drwxr-xr-x';
  const mode = entry.file!.mode;
  const bits = ['r', 'w', 'x'];
  let out = '-';
  for (let shift = 8; shift >= 0; shift--) out += mode & (1 << shift) ? bits[(8 - shift) % 3] : '-';
  return out;
}

function longListing(entries: DirEntry[]): string {
  const sizes = entries.map((e) => (e.kind === 'dir' ? 4096 : e.file!.content.length));
  const width = Math.max(1, ...sizes.map((s) => String(s).length));
  const blocks = sizes.reduce((sum, size) => sum + Math.ceil(size / 4096) * 4, 0);
  const lines = entries.map((entry, i) => {
    const links = entry.kind === 'dir' ? 2 : 1;
    // Directories were made when the node was set up, at virtual time 0.
    const when = lsDate(entry.file?.modifiedAt ?? 0);
    return `${modeString(entry)} ${links} root root ${String(sizes[i]).padStart(width)} ${when} ${entry.name}`;
  });
  return [`total ${blocks}`, ...lines].join('\n') + '\n';
}

/** fileCommands returns cat, ls, echo, head, tail and wc bound to `fs`. */
export function fileCommands(fs: HostFileSystem): Record<string, Command> {
  const cat: Command = (args, io) => {
    const files = args.filter((a) => !a.startsWith('-') || a === '-');
    if (files.length === 0) return ok(io.stdin);
    let stdout = '';
    let stderr = '';
    for (const file of files) {
      if (file === '-') {
        stdout += io.stdin;
        continue;
      }
      try {
        stdout += fs.readFile(file);
      } catch (err) {
        if (!(err instanceof FsError)) throw err;
        stderr += `cat: ${file}: ${err.reason}\n`;
      }
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  };

  const ls: Command = (args) => {
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const long = flags.includes('l');
    const paths = args.filter((a) => !a.startsWith('-'));
    if (paths.length === 0) paths.push('/root');
    let stdout = '';
    let stderr = '';
    paths.forEach((path, i) => {
      const normalized = normalizePath(path, '/root');
      if (!fs.exists(normalized)) {
        stderr += `ls: cannot access '${path}': No such file or directory\n`;
        return;
      }
      if (!fs.isDirectory(normalized)) {
        const entry: DirEntry = { name: path, kind: 'file', file: fs.stat(normalized) };
        stdout += long ? longListing([entry]).split('\n').slice(1).join('\n') : `${path}\n`;
        return;
      }
      // Like ls, names starting with a dot are hidden unless -a is given.
      const entries = fs.list(normalized).filter((e) => flags.includes('a') || !e.name.startsWith('.'));
      if (paths.length > 1) stdout += `${i > 0 ? '\n' : ''}${path}:\n`;
      stdout += long ? longListing(entries) : entries.map((e) => `${e.name}\n`).join('');
    });
    return { stdout, stderr, exitCode: stderr ? 2 : 0 };
  };

  const echo: Command = (args) => {
    const noNewline = args[0] === '-n';
    const words = noNewline ? args.slice(1) : args;
    return ok(words.join(' ') + (noNewline ? '' : '\n'));
  };

  const lineCount = (args: string[], fallback: number): { count: number; rest: string[] } => {
    let count = fallback;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-n') count = Number(args[++i]);
      else if (/^-n?\d+$/.test(args[i])) count = Number(args[i].replace(/^-n?/, ''));
      else rest.push(args[i]);
    }
    return { count, rest };
  };

  const readInput = (name: string, files: string[], stdin: string): { text: string } | CommandResult => {
    if (files.length === 0) return { text: stdin };
    try {
      return { text: files.map((f) => fs.readFile(f)).join('') };
    } catch (err) {
      if (err instanceof FsError) return fail(`${name}: cannot open '${err.path}' for reading: ${err.reason}`);
      throw err;
    }
  };

  const slice = (name: string, pick: (lines: string[], count: number) => string[]): Command => (args, io) => {
    const { count, rest } = lineCount(args, 10);
    const input = readInput(name, rest, io.stdin);
    if (!('text' in input)) return input;
    const lines = input.text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const picked = pick(lines, count);
    return ok(picked.length ? picked.join('\n') + '\n' : '');
  };

  const wc: Command = (args, io) => {
    const files = args.filter((a) => !a.startsWith('-'));
    const input = readInput('wc', files, io.stdin);
    if (!('text' in input)) return input;
    const lines = (input.text.match(/\n/g) ?? []).length;
    if (args.includes('-l')) return ok(`${lines}${files[0] ? ` ${files[0]}` : ''}\n`);
    const words = input.text.split(/\s+/).filter(Boolean).length;
    return ok(`${String(lines).padStart(7)} ${String(words).padStart(7)} ${String(input.text.length).padStart(7)}${files[0] ? ` ${files[0]}` : ''}\n`);
  };

  return {
    cat,
    ls,
    echo,
    head: slice('head', (lines, n) => lines.slice(0, n)),
    tail: slice('tail', (lines, n) => (n === 0 ? [] : lines.slice(-n))),
    wc,
  };
}
