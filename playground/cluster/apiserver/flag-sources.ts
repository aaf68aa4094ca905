/**
 * Where kube-apiserver's flags live on a real machine: the kubeadm static pod manifest
 * (/etc/kubernetes/manifests/kube-apiserver.yaml, spec.containers[0].command) and a systemd unit
 * (ExecStart=, with backslash line continuations). Both return the argument list, binary first.
 */
import { parse } from 'yaml';
import { knownManifestCommand } from '../host/manifest-commands';
import { FlagError } from './options';

/** flagsFromStaticPodManifest reads the command (plus args) of the manifest's first container. */
export function flagsFromStaticPodManifest(yamlText: string): string[] {
  // A manifest the node generated itself needs no YAML parse: its command line is remembered.
  const known = knownManifestCommand(yamlText);
  if (known) return known;
  let manifest: unknown;
  try {
    manifest = parse(yamlText);
  } catch (error) {
    throw new FlagError(`invalid static pod manifest: ${(error as Error).message}`);
  }
  const container = (manifest as { spec?: { containers?: { command?: unknown; args?: unknown }[] } } | null)?.spec?.containers?.[0];
  if (!container) throw new FlagError('invalid static pod manifest: spec.containers[0] is missing');
  const command = Array.isArray(container.command) ? container.command : [];
  const args = Array.isArray(container.args) ? container.args : [];
  const all = [...command, ...args];
  if (all.length === 0 || all.some((a) => typeof a !== 'string')) throw new FlagError('invalid static pod manifest: spec.containers[0].command must be a list of strings');
  return all as string[];
}

/** splitShellWords splits an ExecStart line as systemd does: whitespace, with '…' and "…" quoting. */
function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new FlagError(`invalid systemd unit: unterminated ${quote} quote in ExecStart`);
  if (inWord) words.push(word);
  return words;
}

/** flagsFromSystemdUnit reads ExecStart= from a unit file, joining backslash-continued lines. */
export function flagsFromSystemdUnit(unitText: string): string[] {
  const joined = unitText.replace(/\\\r?\n/g, ' ');
  const line = joined.split(/\r?\n/).find((l) => /^\s*ExecStart\s*=/.test(l));
  if (!line) throw new FlagError('invalid systemd unit: no ExecStart= line');
  // A leading "-", "@", "+" or "!" on the command is a systemd prefix, not part of the path.
  const command = line.replace(/^\s*ExecStart\s*=\s*/, '').replace(/^[-@+!:]+/, '');
  return splitShellWords(command);
}
