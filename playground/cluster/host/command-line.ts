/**
 * Reading a program's command line back out of the file that defines it, as the kubelet and
 * systemd do: the container `command` + `args` of a static-pod manifest, or the ExecStart line of a
 * unit with its backslash continuations joined and its quotes removed. Errors are worded like the
 * kubelet's and systemd's own, since readers see them after breaking a file on purpose.
 */
import { LineCounter, parseDocument } from 'yaml';
import { knownManifestCommand } from './manifest-commands';
import { parseShellLine, ShellSyntaxError } from './shell/parse';

/** CommandLineResult is the argv, or the reason the file cannot be used. */
export type CommandLineResult = { ok: true; argv: string[] } | { ok: false; error: string };

/** commandFromManifest reads the first container's command line from a static-pod manifest. */
export function commandFromManifest(text: string): CommandLineResult {
  const known = knownManifestCommand(text);
  if (known) return { ok: true, argv: known };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line } = lineCounter.linePos(syntaxError.pos[0]);
    return { ok: false, error: `couldn't parse as pod(yaml: line ${line}: ${syntaxError.message.split('\n')[0].toLowerCase()}), please check config file` };
  }
  const pod = doc.toJS() as { kind?: unknown; spec?: { containers?: { command?: unknown; args?: unknown }[] } } | null;
  if (!pod || typeof pod !== 'object') return { ok: false, error: "couldn't parse as pod(Object 'Kind' is missing in 'null'), please check config file" };
  if (pod.kind !== 'Pod') return { ok: false, error: `invalid pod: kind must be "Pod", got ${JSON.stringify(pod.kind ?? '')}` };
  const container = pod.spec?.containers?.[0];
  if (!container) return { ok: false, error: 'invalid pod: [spec.containers: Required value]' };
  const parts = [container.command ?? [], container.args ?? []];
  if (!parts.every((p) => Array.isArray(p) && p.every((word) => typeof word === 'string' || typeof word === 'number' || typeof word === 'boolean'))) {
    return { ok: false, error: 'invalid pod: spec.containers[0].command and args must be lists of strings' };
  }
  const argv = (parts as unknown[][]).flat().map(String);
  if (argv.length === 0) return { ok: false, error: 'invalid pod: spec.containers[0].command: Required value' };
  return { ok: true, argv };
}

/** execStartLine returns the unit's ExecStart value with continuations joined, or undefined. */
export function execStartLine(unitText: string): string | undefined {
  const joined = unitText.replace(/\\\r?\n/g, ' ');
  let inService = false;
  let value: string | undefined;
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inService = line === '[Service]';
    else if (inService && line.startsWith('ExecStart=')) value = line.slice('ExecStart='.length).trim();
  }
  return value;
}

/** commandFromUnit reads the ExecStart command line of a systemd unit. */
export function commandFromUnit(unitText: string, unitName: string): CommandLineResult {
  const exec = execStartLine(unitText);
  if (!exec) return { ok: false, error: `${unitName}: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.` };
  try {
    const words = parseShellLine(exec.replace(/^[-@:+!]+/, '')).flatMap((p) => p.stages.flatMap((s) => s.argv));
    if (words.length === 0 || !words[0].startsWith('/')) {
      return { ok: false, error: `${unitName}: Neither a valid executable name nor an absolute path: ${words[0] ?? ''}` };
    }
    return { ok: true, argv: words };
  } catch (err) {
    if (err instanceof ShellSyntaxError) return { ok: false, error: `${unitName}: Invalid ExecStart= line: ${exec}` };
    throw err;
  }
}
