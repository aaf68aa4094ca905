/**
 * ControlPlaneHost is the simulated control-plane machine a reader can "ssh into": its disk (the
 * manifests or units that hold kube-apiserver's options, kubeconfigs, certificate names), its
 * processes, its journal, and a shell to look at and change them. With setup 'kubeadm' its kubelet
 * runs the control plane as static pods and restarts kube-apiserver when its manifest changes;
 * with 'systemd' the programs are units and change only after daemon-reload and restart.
 */
import type { EventLoop } from '../sim/loop';
import type { Trace } from '../sim/trace';
import { SeededIds } from '../sim/ids';
import { ContainerList } from './containers';
import { FsError, HostFileSystem } from './fs';
import type { HostConfig } from './host-config';
import { Journal } from './journal';
import type { ComponentLaunchers, ControlPlaneComponent } from './launcher';
import { kubeletArgv, writeNodeFiles } from './node-files';
import { ProcessTable } from './processes';
import type { HostProcess } from './processes';
import { crictlCommand } from './shell/crictl';
import { fileCommands } from './shell/file-commands';
import { grepCommand } from './shell/grep';
import { psCommand } from './shell/ps';
import { sedCommand } from './shell/sed';
import { Shell } from './shell/shell';
import type { Command, ShellResult } from './shell/shell';
import { journalctlCommand, systemctlCommand } from './shell/systemctl';
import type { SystemctlHost, UnitView } from './shell/systemctl';
import { StaticPods } from './static-pods';
import { Systemd } from './systemd';

/** ControlPlaneHostOptions builds a host. */
export interface ControlPlaneHostOptions {
  config: HostConfig;
  loop: EventLoop;
  /** Seed for the host's own ids (container ids), separate from the cluster's uid sequence. */
  seed: number;
  /** Starts the real simulated programs (kube-apiserver) from their command lines. */
  launchers: ComponentLaunchers;
  /** Records restarts and crashes of control-plane programs, if given. */
  trace?: Trace;
}

/** ComponentStatus says whether a control-plane program serves, and if not, why. */
export interface ComponentStatus {
  state: 'running' | 'starting' | 'down';
  problem?: string;
}

export class ControlPlaneHost {
  /** config holds the values the node's files were written from (address, version, setup, extra flags). */
  readonly config: HostConfig;
  /** fs is the node's disk: manifests or units, kubeconfigs, certificate names. */
  readonly fs: HostFileSystem;
  /** processes is what `ps` lists. */
  readonly processes: ProcessTable;
  /** journal holds the kubelet's, systemd's and the units' log lines (`journalctl`) and container logs (`crictl logs`). */
  readonly journal: Journal;
  /** containers are the static pods' containers (`crictl ps -a`); empty on a systemd node. */
  readonly containers: ContainerList;
  /** shell runs command lines; `sh` and `exec` are its short forms. */
  readonly shell: Shell;
  /** The static-pod kubelet (kubeadm setup only). */
  readonly staticPods?: StaticPods;
  /** systemd's control-plane units (systemd setup only). */
  readonly systemd?: Systemd;
  private kubelet?: HostProcess;
  private containerd?: HostProcess;

  constructor(options: ControlPlaneHostOptions) {
    const { config, loop } = options;
    const now = () => loop.now();
    this.config = config;
    this.fs = new HostFileSystem(now);
    this.processes = new ProcessTable(now, 1200);
    this.journal = new Journal(now, config.nodeName);
    this.containers = new ContainerList(new SeededIds((options.seed ^ 0x5eed5eed) >>> 0), now);
    writeNodeFiles(this.fs, config);

    this.processes.spawn(['/sbin/init'], { pid: 1, ppid: 0, profile: { cpuPercent: 0, memPercent: 0.3, vszKb: 167_744, rssKb: 11_904, stat: 'Ss' } });
    this.processes.spawn(['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], { pid: 588, profile: { cpuPercent: 0, memPercent: 0.2, vszKb: 15_436, rssKb: 9_212, stat: 'Ss' } });
    if (config.setup === 'kubeadm') {
      this.containerd = this.processes.spawn(['/usr/bin/containerd'], { pid: 612 });
      this.kubelet = this.processes.spawn(kubeletArgv(config), { pid: 734 });
      this.staticPods = new StaticPods({
        loop,
        fs: this.fs,
        processes: this.processes,
        journal: this.journal,
        containers: this.containers,
        launchers: options.launchers,
        config,
        kubeletPid: () => this.kubelet?.pid ?? 0,
        trace: options.trace,
      });
    } else {
      this.systemd = new Systemd({ loop, fs: this.fs, processes: this.processes, journal: this.journal, launchers: options.launchers, trace: options.trace });
    }
    this.processes.spawn(['-bash'], { pid: 4242, ppid: 588, tty: 'pts/0', profile: { cpuPercent: 0, memPercent: 0.1, vszKb: 8_812, rssKb: 5_408, stat: 'Ss' } });

    this.shell = new Shell(this.fs, this.processes);
    for (const [name, command] of Object.entries(fileCommands(this.fs))) this.shell.register(name, command);
    this.shell.register('grep', grepCommand(this.fs));
    this.shell.register('sed', sedCommand(this.fs));
    this.shell.register('ps', psCommand(this.processes, now));
    const systemctlHost: SystemctlHost = { units: () => this.unitViews(), daemonReload: () => this.systemd?.daemonReload(), journal: this.journal, now };
    this.shell.register('systemctl', systemctlCommand(systemctlHost));
    this.shell.register('journalctl', journalctlCommand(systemctlHost));
    if (this.staticPods) this.shell.register('crictl', crictlCommand(this.containers, this.journal));
    this.shell.register('hostname', () => ({ stdout: `${config.nodeName}\n`, stderr: '', exitCode: 0 }));
    this.shell.register('whoami', () => ({ stdout: 'root\n', stderr: '', exitCode: 0 }));
  }

  /** boot starts the control-plane programs at once, already serving (the node is up before the run). */
  boot(): void {
    this.staticPods?.boot();
    this.systemd?.boot();
  }

  /** register installs a program on the node (the cluster adds kubectl and etcdctl). */
  register(name: string, command: Command): void {
    this.shell.register(name, command);
  }

  /** exec runs a command line and returns stdout, stderr, the exit code and the terminal text. */
  exec(commandLine: string): Promise<ShellResult> {
    return this.shell.run(commandLine);
  }

  /** sh runs a command line and returns what a terminal would show (stderr and stdout). */
  async sh(commandLine: string): Promise<string> {
    return (await this.shell.run(commandLine)).output;
  }

  /** readFile returns a file's text; throws `cat`'s message for a missing file. */
  readFile(path: string): string {
    try {
      return this.fs.readFile(path);
    } catch (err) {
      if (err instanceof FsError) throw new Error(`host: ${err.message}`);
      throw err;
    }
  }

  /** writeFile replaces a file (the kubelet notices manifest writes as it would on disk). */
  writeFile(path: string, content: string): void {
    if (typeof content !== 'string') throw new TypeError(`host.writeFile(${JSON.stringify(path)}): content must be a string`);
    this.fs.writeFile(path, content);
  }

  /** editFile rewrites a file through `edit(oldText) → newText`. */
  editFile(path: string, edit: (text: string) => string): void {
    const next = edit(this.readFile(path));
    if (typeof next !== 'string') throw new TypeError(`host.editFile(${JSON.stringify(path)}): the edit function must return the new text`);
    this.writeFile(path, next);
  }

  /** status tells whether a control-plane program is serving, starting, or down (and why). */
  status(component: ControlPlaneComponent = 'kube-apiserver'): ComponentStatus {
    return (this.staticPods ?? this.systemd)!.status(component);
  }

  private unitViews(): UnitView[] {
    const views: UnitView[] = [];
    const docsK8s = 'https://kubernetes.io/docs/';
    if (this.staticPods) {
      // On a kubeadm node only the kubelet and containerd are units; the control plane is static pods.
      const simple = (name: string, description: string, path: string, process: () => HostProcess | undefined, respawn: () => void): UnitView => ({
        name,
        description,
        path,
        docs: docsK8s,
        active: 'active',
        since: process()?.startedAt ?? 0,
        mainPid: process()?.pid,
        commandLine: process()?.argv.join(' '),
        changedOnDisk: false,
        fileText: () => (this.fs.exists(path) ? this.fs.readFile(path) : ''),
        restart: respawn,
        start: () => {},
        stop: () => {},
      });
      views.push(simple('kubelet', 'kubelet: The Kubernetes Node Agent', '/usr/lib/systemd/system/kubelet.service', () => this.kubelet, () => {
        this.processes.kill(this.kubelet?.pid);
        this.kubelet = this.processes.spawn(kubeletArgv(this.config));
        this.staticPods?.resync();
      }));
      views.push(simple('containerd', 'containerd container runtime', '/usr/lib/systemd/system/containerd.service', () => this.containerd, () => {
        this.processes.kill(this.containerd?.pid);
        this.containerd = this.processes.spawn(['/usr/bin/containerd']);
      }));
      return views;
    }
    const systemd = this.systemd!;
    for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const) {
      const unit = systemd.unit(component)!;
      views.push({
        name: component,
        description: systemd.description(unit),
        path: unit.path,
        docs: /^Documentation=(.*)$/m.exec(unit.loadedText)?.[1] ?? docsK8s,
        active: unit.active,
        since: unit.since,
        mainPid: unit.process?.pid,
        commandLine: unit.process?.argv.join(' '),
        lastExit: unit.lastExit,
        changedOnDisk: systemd.changedOnDisk(unit),
        fileText: () => (this.fs.exists(unit.path) ? this.fs.readFile(unit.path) : ''),
        restart: () => systemd.restart(unit),
        start: () => {
          if (unit.active === 'inactive') systemd.start(unit, true);
        },
        stop: () => systemd.stop(unit),
      });
    }
    return views;
  }
}
