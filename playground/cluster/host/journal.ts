/**
 * Journal is the node's systemd journal plus the container logs crictl shows: timestamped lines
 * per unit (kubelet, kube-apiserver) or per container id. Daemons write klog-formatted messages
 * (`E0101 00:00:05.000000     734 file.go:187] "…"`) as the real ones do, so what a reader finds
 * with `journalctl -u kubelet | grep manifest` looks like what they will meet on a real node.
 */
import { EPOCH_MS } from '../sim/time';

/** JournalEntry is one logged line. */
export interface JournalEntry {
  /** Virtual ms. */
  t: number;
  /** systemd unit (`kubelet`, `kube-apiserver`, `systemd`) or `container:<id>`. */
  source: string;
  /** Process name and pid shown in the journal prefix. */
  program: string;
  pid: number;
  message: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** klog formats a message as klog's header does: severity, MMDD, time with microseconds, pid, file:line. */
export function klog(severity: 'I' | 'W' | 'E', virtualMs: number, pid: number, location: string, message: string): string {
  const d = new Date(EPOCH_MS + virtualMs);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
  return `${severity}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${time} ${String(pid).padStart(7)} ${location}] ${message}`;
}

/** journalTime formats the short timestamp journalctl prints: `Jan 01 00:00:05`. */
export function journalTime(virtualMs: number): string {
  const d = new Date(EPOCH_MS + virtualMs);
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Journal stores entries in the order they were written (which is virtual-time order). */
export class Journal {
  private readonly entries: JournalEntry[] = [];
  /** Entries beyond this are dropped oldest-first, so a crash loop cannot fill memory. */
  maxEntries = 2_000;

  constructor(
    private readonly now: () => number,
    private readonly hostName: string,
  ) {}

  /** write appends one line. */
  write(source: string, program: string, pid: number, message: string): void {
    this.entries.push({ t: this.now(), source, program, pid, message });
    if (this.entries.length > this.maxEntries) this.entries.shift();
  }

  /** lines returns the entries of `source` (all when omitted). */
  lines(source?: string): JournalEntry[] {
    return source === undefined ? [...this.entries] : this.entries.filter((e) => e.source === source);
  }

  /** format renders entries as journalctl does. */
  format(entries: JournalEntry[]): string {
    return entries.map((e) => `${journalTime(e.t)} ${this.hostName} ${e.program}[${e.pid}]: ${e.message}\n`).join('');
  }
}
