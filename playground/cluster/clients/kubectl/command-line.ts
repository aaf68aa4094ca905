/**
 * Shell-like splitting of a command line, so step code can write `kubectl("get pods -l 'app in (a,b)'")`
 * as a reader would type it in a terminal: single quotes are literal, double quotes allow `\"` and
 * `\\`, a backslash outside quotes escapes the next character, and whitespace separates words.
 * Nothing is expanded (no variables, globs or pipes): there is no shell here.
 */

/** CommandLineError is text that cannot be split (an unterminated quote or a trailing backslash). */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/** splitCommandLine returns the words of `line`; quotes group words and are removed. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new CommandLineError(`unterminated single quote in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new CommandLineError(`unterminated double quote in: ${line}`);
        const c = line[i];
        if (c === '"') break;
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new CommandLineError(`trailing backslash in: ${line}`);
      if (line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
