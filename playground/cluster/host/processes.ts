/**
 * ProcessTable is the control-plane node's process list, for `ps`: the long-running daemons
 * (systemd, containerd, the kubelet, etcd and the control-plane components) with their full command
 * lines, plus short-lived shell commands while a pipeline runs. PIDs come from a counter and
 * resource figures from fixed per-program profiles, so `ps aux` prints the same thing every run.
 */

/** HostProcess is one row of the process table. */
export interface HostProcess {
  pid: number;
  ppid: number;
  user: string;
  /** argv[0] is the program as started (`kube-apiserver`, `/usr/local/bin/kube-apiserver`). */
  argv: string[];
  /** Virtual ms when it started. */
  startedAt: number;
  /** Average CPU use, percent; TIME is derived from it and the process's age. */
  cpuPercent: number;
  memPercent: number;
  vszKb: number;
  rssKb: number;
  /** `Ssl` for daemons, `R+`/`S+` for foreground shell commands. */
  stat: string;
  /** `?` for daemons, `pts/0` for the shell session. */
  tty: string;
}

/** ResourceProfile is how heavy a program looks in `ps`. */
export type ResourceProfile = Pick<HostProcess, 'cpuPercent' | 'memPercent' | 'vszKb' | 'rssKb' | 'stat'>;

/** PROFILES are plausible figures for a small control-plane node with 4 GiB of memory. */
export const PROFILES: Record<string, ResourceProfile> = {
  systemd: { cpuPercent: 0.0, memPercent: 0.3, vszKb: 167_744, rssKb: 11_904, stat: 'Ss' },
  containerd: { cpuPercent: 0.6, memPercent: 1.2, vszKb: 1_875_504, rssKb: 49_180, stat: 'Ssl' },
  kubelet: { cpuPercent: 1.8, memPercent: 2.3, vszKb: 2_087_112, rssKb: 94_532, stat: 'Ssl' },
  etcd: { cpuPercent: 1.9, memPercent: 1.1, vszKb: 11_214_560, rssKb: 45_920, stat: 'Ssl' },
  'kube-apiserver': { cpuPercent: 4.7, memPercent: 7.9, vszKb: 1_593_372, rssKb: 323_148, stat: 'Ssl' },
  'kube-controller-manager': { cpuPercent: 1.3, memPercent: 1.5, vszKb: 1_332_120, rssKb: 61_844, stat: 'Ssl' },
  'kube-scheduler': { cpuPercent: 0.4, memPercent: 0.8, vszKb: 1_290_784, rssKb: 33_276, stat: 'Ssl' },
  shell: { cpuPercent: 0.0, memPercent: 0.0, vszKb: 9_084, rssKb: 2_304, stat: 'S+' },
};

/** programName is argv[0] without its directory (`/usr/local/bin/etcd` → `etcd`). */
export function programName(argv: string[]): string {
  const first = argv[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

/** ProcessTable owns the rows; spawn and kill keep it current. */
export class ProcessTable {
  private readonly processes = new Map<number, HostProcess>();
  private nextPid: number;

  constructor(
    private readonly now: () => number,
    firstPid = 400,
  ) {
    this.nextPid = firstPid;
  }

  /** spawn adds a process with the profile of its program (or `profile`) and returns it. */
  spawn(argv: string[], options: { user?: string; pid?: number; ppid?: number; tty?: string; profile?: ResourceProfile } = {}): HostProcess {
    const profile = options.profile ?? PROFILES[programName(argv)] ?? PROFILES.shell;
    const pid = options.pid ?? this.allocatePid();
    const process: HostProcess = {
      pid,
      ppid: options.ppid ?? 1,
      user: options.user ?? 'root',
      argv: [...argv],
      startedAt: this.now(),
      tty: options.tty ?? '?',
      ...profile,
    };
    this.processes.set(pid, process);
    return process;
  }

  /** kill removes a process; killing a missing pid is harmless (it may have exited). */
  kill(pid: number | undefined): void {
    if (pid !== undefined) this.processes.delete(pid);
  }

  /** list returns the processes ordered by pid, as ps prints them. */
  list(): HostProcess[] {
    return [...this.processes.values()].sort((a, b) => a.pid - b.pid);
  }

  /** find returns the first process whose program is `name`. */
  find(name: string): HostProcess | undefined {
    return this.list().find((p) => programName(p.argv) === name);
  }

  private allocatePid(): number {
    // Real PIDs jump as the kernel forks helpers; small deterministic steps keep that look.
    const pid = this.nextPid;
    this.nextPid += 7;
    return pid;
  }
}
