/**
 * systemctl and journalctl over the node's units. Output follows systemd 252+: the status block
 * with Loaded/Active/Main PID/CGroup and the unit's last journal lines, the "changed on disk"
 * warning when a unit file was edited without daemon-reload, and "Unit … not found" for units
 * this kind of node does not have (there is no kube-apiserver.service on a kubeadm node).
 */
import { EPOCH_MS } from '../../sim/time';
import type { Journal } from '../journal';
import { fail, ok } from './shell';
import type { Command } from './shell';

/** UnitView is what systemctl needs to know about, and do to, one unit. */
export interface UnitView {
  /** Without `.service`. */
  name: string;
  description: string;
  path: string;
  docs: string;
  active: 'active' | 'activating' | 'inactive';
  since: number;
  mainPid?: number;
  commandLine?: string;
  lastExit?: { pid: number; commandLine: string };
  changedOnDisk: boolean;
  /** The unit file as it is on disk (for `systemctl cat`). */
  fileText(): string;
  restart(): void;
  start(): void;
  stop(): void;
}

/** SystemctlHost is the node as systemctl sees it. */
export interface SystemctlHost {
  units(): UnitView[];
  daemonReload(): void;
  journal: Journal;
  now(): number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function since(virtualMs: number, now: number): string {
  const d = new Date(EPOCH_MS + virtualMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
  const seconds = Math.floor((now - virtualMs) / 1000);
  const minutes = Math.floor(seconds / 60);
  const ago = seconds < 60 ? `${seconds}s` : minutes < 60 ? `${minutes}min ${seconds % 60 ? `${seconds % 60}s` : ''}`.trim() : `${Math.floor(minutes / 60)}h ${minutes % 60}min`;
  return `${stamp}; ${ago} ago`;
}

function changedWarning(name: string): string {
  return `Warning: The unit file, source configuration file or drop-ins of ${name}.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n`;
}

/** formatStatus renders `systemctl status <unit>`. */
export function formatStatus(unit: UnitView, host: SystemctlHost): string {
  const bullet = unit.active === 'active' ? '●' : unit.active === 'activating' ? '●' : '○';
  const lines = [`${bullet} ${unit.name}.service - ${unit.description}`, `     Loaded: loaded (${unit.path}; enabled; preset: enabled)`];
  const when = since(unit.since, host.now());
  if (unit.active === 'active') lines.push(`     Active: active (running) since ${when}`);
  else if (unit.active === 'activating') lines.push(`     Active: activating (auto-restart) (Result: exit-code) since ${when}`);
  else lines.push(`     Active: inactive (dead) since ${when}`);
  lines.push(`       Docs: ${unit.docs}`);
  if (unit.lastExit) {
    lines.push(`    Process: ${unit.lastExit.pid} ExecStart=${unit.lastExit.commandLine} (code=exited, status=1/FAILURE)`);
    lines.push(`   Main PID: ${unit.lastExit.pid} (code=exited, status=1/FAILURE)`);
  } else if (unit.mainPid !== undefined) {
    lines.push(`   Main PID: ${unit.mainPid} (${unit.commandLine?.split(' ')[0].split('/').pop()})`);
    lines.push(`     CGroup: /system.slice/${unit.name}.service`, `             └─${unit.mainPid} ${unit.commandLine}`);
  }
  const journal = host.journal.lines(unit.name).slice(-10);
  if (journal.length) lines.push('', host.journal.format(journal).trimEnd());
  return lines.join('\n') + '\n';
}

/** systemctlCommand returns systemctl for `host`. */
export function systemctlCommand(host: SystemctlHost): Command {
  return (args) => {
    const words = args.filter((a) => !a.startsWith('-'));
    const [verb, ...names] = words;
    const find = (name: string) => host.units().find((u) => u.name === name.replace(/\.service$/, ''));
    if (!verb) return fail('systemctl: this node supports status, start, stop, restart, is-active, cat and daemon-reload', 1);
    if (verb === 'daemon-reload') {
      host.daemonReload();
      return ok('');
    }
    if (!['status', 'start', 'stop', 'restart', 'is-active', 'cat'].includes(verb)) return fail(`Unknown command verb '${verb}'.`, 1);
    if (names.length === 0) return fail(`Too few arguments.`, 1);
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const name of names) {
      const unit = find(name);
      const full = `${name.replace(/\.service$/, '')}.service`;
      if (!unit) {
        if (verb === 'status') stderr += `Unit ${full} could not be found.\n`;
        else if (verb === 'is-active') stdout += 'inactive\n';
        else if (verb === 'cat') stderr += `No files found for ${full}.\n`;
        else stderr += `Failed to ${verb} ${full}: Unit ${full} not found.\n`;
        exitCode = verb === 'status' || verb === 'is-active' ? 4 : 5;
        continue;
      }
      if (verb === 'status') {
        stdout += formatStatus(unit, host);
        if (unit.changedOnDisk) stderr += changedWarning(unit.name);
        if (unit.active !== 'active') exitCode = 3;
      } else if (verb === 'is-active') {
        stdout += `${unit.active}\n`;
        if (unit.active !== 'active') exitCode = 3;
      } else if (verb === 'cat') {
        stdout += `# ${unit.path}\n${unit.fileText()}`;
      } else {
        if (unit.changedOnDisk) stderr += changedWarning(unit.name);
        if (verb === 'restart') unit.restart();
        else if (verb === 'start') unit.start();
        else unit.stop();
      }
    }
    return { stdout, stderr, exitCode };
  };
}

/** journalctlCommand returns journalctl over the node's journal. */
export function journalctlCommand(host: SystemctlHost): Command {
  return (args) => {
    const units: string[] = [];
    let limit: number | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '-u' || arg === '--unit') units.push((args[++i] ?? '').replace(/\.service$/, ''));
      else if (arg.startsWith('--unit=')) units.push(arg.slice(7).replace(/\.service$/, ''));
      else if (arg.startsWith('-u') && arg.length > 2) units.push(arg.slice(2).replace(/\.service$/, ''));
      else if (arg === '-n' || arg === '--lines') limit = Number(args[++i]);
      else if (/^-n\d+$/.test(arg)) limit = Number(arg.slice(2));
      else if (arg === '-f' || arg === '--follow') return fail('journalctl: -f (follow) is not available on this simulated node; run the command again instead', 1);
    }
    let entries = units.length ? host.journal.lines().filter((e) => units.includes(e.source)) : host.journal.lines().filter((e) => !e.source.startsWith('container:'));
    if (args.some((a) => /^-[a-z]*e/.test(a)) && limit === undefined) limit = 1000;
    if (limit !== undefined) entries = entries.slice(-limit);
    if (entries.length === 0) return ok('-- No entries --\n');
    return ok(host.journal.format(entries));
  };
}
