/**
 * Flag parsing with the rules and error messages of spf13/pflag, which kubectl uses: `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-Aw`), flags
 * anywhere among the arguments, and `--` to end flags.
 */

/** FlagSpec declares one flag a command accepts. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: 'string' | 'bool' | 'int' | 'stringArray';
  /** Value when the flag is absent; bool flags default to false, others to undefined. */
  default?: string | boolean | number | string[];
}

/** FlagValue is what a parsed flag holds. */
export type FlagValue = string | boolean | number | string[];

/** ParsedArgs is a command line split into positional arguments and flag values. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, FlagValue | undefined>;
  /** Names of flags given explicitly (to tell `-o ""` apart from absent, or `--wait=false`). */
  changed: Set<string>;
}

/** UsageError is a command line kubectl refuses before talking to the server (exit code 1). */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Appended as `See 'kubectl <commandPath> --help' for usage.` when set. */
    readonly commandPath?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

function describeFlag(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function convert(spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (spec.type) {
    case 'bool': {
      if (/^(1|t|T|TRUE|true|True)$/.test(raw)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(raw)) return false;
      throw new Error(`invalid argument "${raw}" for "${describeFlag(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
    }
    case 'int':
      if (!/^[-+]?\d+$/.test(raw)) throw new Error(`invalid argument "${raw}" for "${describeFlag(spec)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number(raw);
    case 'stringArray':
      return [...((previous as string[] | undefined) ?? []), raw];
    default:
      return raw;
  }
}

/** parseFlags splits words into positionals and flags; errors are pflag's, wrapped as UsageError. */
export function parseFlags(words: readonly string[], specs: readonly FlagSpec[], commandPath: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: Record<string, FlagValue | undefined> = {};
  for (const spec of specs) flags[spec.name] = spec.default ?? (spec.type === 'bool' ? false : undefined);
  const changed = new Set<string>();
  const positionals: string[] = [];
  const set = (spec: FlagSpec, raw: string) => {
    try {
      flags[spec.name] = convert(spec, raw, changed.has(spec.name) ? flags[spec.name] : undefined);
    } catch (error) {
      throw new UsageError((error as Error).message, commandPath);
    }
    changed.add(spec.name);
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('--') ) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`, commandPath);
      if (eq >= 0) set(spec, word.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, 'true');
      else if (i + 1 < words.length) set(spec, words[++i]);
      else throw new UsageError(`flag needs an argument: --${name}`, commandPath);
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      const letters = word.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const spec = byShort.get(letters[j]);
        if (!spec) throw new UsageError(`unknown shorthand flag: '${letters[j]}' in ${word}`, commandPath);
        const rest = letters.slice(j + 1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            set(spec, rest.slice(1));
            break;
          }
          set(spec, 'true');
          continue;
        }
        if (rest !== '') set(spec, rest.startsWith('=') ? rest.slice(1) : rest);
        else if (i + 1 < words.length) set(spec, words[++i]);
        else throw new UsageError(`flag needs an argument: '${letters[j]}' in -${letters[j]}`, commandPath);
        break;
      }
      continue;
    }
    positionals.push(word);
  }
  return { positionals, flags, changed };
}

/** stringFlag reads a string flag, or undefined when absent. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** boolFlag reads a bool flag. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}
