/**
 * ps in procps-ng's three everyday forms: BSD `ps aux` (USER PID %CPU %MEM VSZ RSS TTY STAT START
 * TIME COMMAND), POSIX `ps -ef` (UID PID PPID C STIME TTY TIME CMD), and plain `ps` (this
 * terminal's processes). Command lines are printed in full, as ps does when its output is piped.
 */
import { EPOCH_MS } from '../../sim/time';
import type { HostProcess, ProcessTable } from '../processes';
import { programName } from '../processes';
import { fail, ok } from './shell';
import type { Command } from './shell';

function clock(virtualMs: number): string {
  const date = new Date(EPOCH_MS + virtualMs);
  return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

/** cpuSeconds is the CPU time a process has used so far, from its average %CPU and its age. */
function cpuSeconds(process: HostProcess, now: number): number {
  return Math.floor(((now - process.startedAt) / 1000) * (process.cpuPercent / 100));
}

function bsdTime(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function posixTime(seconds: number): string {
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** formatPsAux renders the BSD-style table. */
export function formatPsAux(processes: HostProcess[], now: number): string {
  const header = `${'USER'.padEnd(8)} ${'PID'.padStart(7)} %CPU %MEM ${'VSZ'.padStart(6)} ${'RSS'.padStart(5)} ${'TTY'.padEnd(8)} STAT START   TIME COMMAND`;
  const rows = processes.map((p) =>
    [
      p.user.padEnd(8),
      String(p.pid).padStart(7),
      p.cpuPercent.toFixed(1).padStart(4),
      p.memPercent.toFixed(1).padStart(4),
      String(p.vszKb).padStart(6),
      String(p.rssKb).padStart(5),
      p.tty.padEnd(8),
      p.stat.padEnd(4),
      clock(p.startedAt).padEnd(5),
      bsdTime(cpuSeconds(p, now)).padStart(6),
      p.argv.join(' '),
    ].join(' '),
  );
  return [header, ...rows].join('\n') + '\n';
}

/** formatPsEf renders the POSIX full-format table. */
export function formatPsEf(processes: HostProcess[], now: number): string {
  const header = `${'UID'.padEnd(8)} ${'PID'.padStart(7)} ${'PPID'.padStart(7)}  C STIME ${'TTY'.padEnd(8)} ${'TIME'.padStart(8)} CMD`;
  const rows = processes.map((p) =>
    [
      p.user.padEnd(8),
      String(p.pid).padStart(7),
      String(p.ppid).padStart(7),
      String(Math.floor(p.cpuPercent)).padStart(2),
      clock(p.startedAt).padEnd(5),
      p.tty.padEnd(8),
      posixTime(cpuSeconds(p, now)).padStart(8),
      p.argv.join(' '),
    ].join(' '),
  );
  return [header, ...rows].join('\n') + '\n';
}

/** formatPsShort renders plain `ps`/`ps -e`: PID TTY TIME CMD with the program name only. */
export function formatPsShort(processes: HostProcess[], now: number): string {
  const header = `${'PID'.padStart(7)} ${'TTY'.padEnd(8)} ${'TIME'.padStart(8)} CMD`;
  const rows = processes.map((p) => `${String(p.pid).padStart(7)} ${p.tty.padEnd(8)} ${posixTime(cpuSeconds(p, now)).padStart(8)} ${programName(p.argv)}`);
  return [header, ...rows].join('\n') + '\n';
}

/** psCommand returns ps over the node's process table. */
export function psCommand(processes: ProcessTable, now: () => number): Command {
  return (args) => {
    const joined = args.join(' ').trim();
    const all = processes.list();
    if (joined === '') return ok(formatPsShort(all.filter((p) => p.tty === 'pts/0'), now()));
    const letters = joined.replace(/[\s-]/g, '');
    if (/^(aux|axu|uax|uxa|xau|xua)$/.test(letters)) return ok(formatPsAux(all, now()));
    if (/^(ef|fe|Af|fA|eF)$/.test(letters) && joined.startsWith('-')) return ok(formatPsEf(all, now()));
    if (/^(e|A|ax|xa)$/.test(letters)) return ok(formatPsShort(all, now()));
    return fail(`error: unsupported option (this node's ps knows: ps, ps aux, ps -ef, ps -e)\n\nUsage:\n ps [options]`, 1);
  };
}
