/**
 * A memo of the command lines the host itself wrote into static-pod manifests, keyed by the exact
 * manifest text. Parsing a manifest with the `yaml` package costs ~10 ms in QuickJS, and every Run
 * boots four of them (and kube-apiserver reads its own a second time), so text the host generated
 * is never parsed: its command line is known. Any other text (a reader's sed or writeFile) misses
 * the memo and goes through the full parser, with its errors, exactly as before.
 */

/** How many manifest texts are kept: enough for a few clusters' four manifests in one sandbox. */
const MAX_REMEMBERED = 32;

const commandsByText = new Map<string, readonly string[]>();

/** YAML core-schema words that a plain scalar would turn into a boolean or null, not a string. */
const NON_STRING_WORDS = /^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL)$/;

/**
 * Only arguments that YAML reads back as the same plain string are safe to remember: a leading
 * letter or `/` (or dashes then a letter, as in `--flag=value`; `*` only after that), no spaces,
 * `#`, quotes or brackets, no trailing `:`, not a boolean or null word. A user-supplied flag
 * value outside this set makes the manifest go through the parser, so the memo cannot disagree.
 */
const PLAIN_ARGUMENT = /^(?:-{1,2}[A-Za-z]|[A-Za-z/])[A-Za-z0-9_./:=,@+*-]*$/;

function readsBackUnchanged(arg: string): boolean {
  return PLAIN_ARGUMENT.test(arg) && !arg.endsWith(':') && !NON_STRING_WORDS.test(arg);
}

/**
 * rememberManifestCommand records that `text`, a manifest the host rendered from `argv`, holds that
 * command line; it does nothing when an argument would not read back from YAML as written.
 */
export function rememberManifestCommand(text: string, argv: readonly string[]): void {
  if (argv.length === 0 || !argv.every(readsBackUnchanged)) return;
  if (commandsByText.has(text)) return;
  if (commandsByText.size >= MAX_REMEMBERED) commandsByText.delete(commandsByText.keys().next().value!);
  commandsByText.set(text, [...argv]);
}

/** knownManifestCommand is a fresh copy of the command line remembered for exactly this text, if any. */
export function knownManifestCommand(text: string): string[] | undefined {
  const argv = commandsByText.get(text);
  return argv ? [...argv] : undefined;
}
