/**
 * parseShellLine splits what a reader types at the node's prompt into commands the way bash would
 * for the simple cases an administrator uses: words with single quotes, double quotes and
 * backslash escapes, pipelines (`|`), command lists (`;`, `&&`, `||`), output redirection (`>`,
 * `>>`), leading `VAR=value` assignments and `sudo`. No globbing, variables or subshells: this is
 * not a shell, only its grammar for one line, written here because bash's grammar is the spec.
 */

/** SimpleCommand is one stage of a pipeline. */
export interface SimpleCommand {
  argv: string[];
  /** `VAR=value` words before the command name (ETCDCTL_API=3 etcdctl …). */
  env: Record<string, string>;
  /** `> file` or `>> file` on this stage. */
  redirect?: { path: string; append: boolean };
}

/** Pipeline is `a | b | c`; `connector` says how it joins the previous pipeline. */
export interface Pipeline {
  stages: SimpleCommand[];
  connector: ';' | '&&' | '||' | 'start';
}

/** ShellSyntaxError is what bash prints for a line it cannot parse. */
export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

type Token = { word: string } | { op: '|' | ';' | '&&' | '||' | '>' | '>>' };

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `''");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        word += line[j];
      }
      if (j >= line.length) throw new ShellSyntaxError('bash: unexpected EOF while looking for matching `"\'');
      inWord = true;
      i = j;
    } else if (ch === '\\') {
      if (line[i + 1] !== '\n' && i + 1 < line.length) word += line[i + 1];
      inWord = inWord || i + 1 < line.length;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      flush();
    } else if (ch === '|' || ch === ';' || ch === '&' || ch === '>') {
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '>>') {
        tokens.push({ op: two });
        i++;
      } else if (ch === '&') {
        throw new ShellSyntaxError('bash: background jobs (&) are not supported on this simulated node');
      } else {
        tokens.push({ op: ch as '|' | ';' | '>' });
      }
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** parseShellLine returns the pipelines of `line` in order; an empty line gives none. */
export function parseShellLine(line: string): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let stages: SimpleCommand[] = [];
  let current: SimpleCommand = { argv: [], env: {} };
  let connector: Pipeline['connector'] = 'start';
  const unexpected = (op: string) => new ShellSyntaxError(`bash: syntax error near unexpected token \`${op}'`);
  const tokens = tokenize(line);
  const endStage = (op: string) => {
    if (current.argv.length === 0) throw unexpected(op);
    if (current.argv[0] === 'sudo') current.argv.shift();
    if (current.argv.length === 0) throw unexpected(op);
    stages.push(current);
    current = { argv: [], env: {} };
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if ('word' in token) {
      if (current.argv.length === 0 && ASSIGNMENT.test(token.word)) {
        const eq = token.word.indexOf('=');
        current.env[token.word.slice(0, eq)] = token.word.slice(eq + 1);
      } else {
        current.argv.push(token.word);
      }
    } else if (token.op === '>' || token.op === '>>') {
      const target = tokens[i + 1];
      if (!target || !('word' in target)) throw unexpected('newline');
      current.redirect = { path: target.word, append: token.op === '>>' };
      i++;
    } else if (token.op === '|') {
      endStage('|');
    } else {
      endStage(token.op);
      pipelines.push({ stages, connector });
      stages = [];
      connector = token.op;
    }
  }
  if (current.argv.length > 0 || Object.keys(current.env).length > 0) endStage('newline');
  else if (stages.length > 0 || connector !== 'start') {
    if (connector !== ';' || stages.length > 0) throw unexpected('newline');
  }
  if (stages.length > 0) pipelines.push({ stages, connector });
  return pipelines;
}
