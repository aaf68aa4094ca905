/**
 * Systemd runs the control plane of a hand-installed node ("the hard way"): one unit per program
 * under /etc/systemd/system. As with the real systemd, an edited unit file changes nothing until
 * `systemctl daemon-reload` (a restart before it warns and uses the old definition), `restart`
 * kills the process and starts a new one, and a process that exits at once is restarted every
 * RestartSec=5 seconds (Restart=on-failure) while `systemctl status` shows the failure.
 */
import type { EventLoop, ScheduledTask } from '../sim/loop';
import type { Trace } from '../sim/trace';
import { commandFromUnit } from './command-line';
import type { HostFileSystem } from './fs';
import type { Journal } from './journal';
import { klog } from './journal';
import { COMPONENT_STARTUP_MS, NOOP_RUNNING } from './launcher';
import type { ComponentLaunchers, ControlPlaneComponent, RunningComponent } from './launcher';
import type { HostProcess, ProcessTable } from './processes';

/** UNIT_DIR is where the hard way installs its units. */
export const UNIT_DIR = '/etc/systemd/system';
/** RESTART_SEC_MS is the units' RestartSec=5. */
export const RESTART_SEC_MS = 5_000;

/** UnitState is one unit's runtime state. */
export interface UnitState {
  component: ControlPlaneComponent;
  path: string;
  /** The unit text as of the last daemon-reload. */
  loadedText: string;
  active: 'active' | 'activating' | 'inactive';
  /** Set while activating after a crash: how the last process ended. */
  lastExit?: { pid: number; commandLine: string };
  process?: HostProcess;
  running?: RunningComponent;
  since: number;
  restarts: number;
  pending?: ScheduledTask;
  /** Why the program is not serving, when it is not. */
  problem?: string;
}

/** SystemdDeps are the node parts systemd works with. */
export interface SystemdDeps {
  loop: EventLoop;
  fs: HostFileSystem;
  processes: ProcessTable;
  journal: Journal;
  launchers: ComponentLaunchers;
  /** Where starts, stops and crashes are recorded (as `systemd` acting on the component), if anywhere. */
  trace?: Trace;
}

const COMPONENTS: ControlPlaneComponent[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

export class Systemd {
  private readonly units = new Map<string, UnitState>();

  constructor(private readonly deps: SystemdDeps) {
    for (const component of COMPONENTS) {
      const path = `${UNIT_DIR}/${component}.service`;
      this.units.set(component, { component, path, loadedText: '', active: 'inactive', since: 0, restarts: 0 });
    }
  }

  /** boot loads and starts every unit, serving at once: the node was already up when the run began. */
  boot(): void {
    this.daemonReload();
    for (const unit of this.units.values()) {
      if (!this.start(unit, false)) throw new Error(`${unit.component} did not start: ${unit.problem}`);
      unit.running!.serve();
    }
  }

  /** unit finds a unit by name, with or without `.service`. */
  unit(name: string): UnitState | undefined {
    return this.units.get(name.replace(/\.service$/, '') as ControlPlaneComponent);
  }

  /** changedOnDisk is true when the unit file differs from what was loaded. */
  changedOnDisk(unit: UnitState): boolean {
    return this.readUnit(unit) !== unit.loadedText;
  }

  /** daemonReload re-reads every unit file. */
  daemonReload(): void {
    for (const unit of this.units.values()) unit.loadedText = this.readUnit(unit) ?? '';
    this.journal('systemd', 'systemd', 1, 'Reloading requested from client PID 4242 (systemctl) (unit session-1.scope)...');
  }

  /** restart stops the unit and starts it again from the loaded definition. */
  restart(unit: UnitState): void {
    this.stop(unit);
    this.start(unit, true);
  }

  /** stop kills the unit's process. */
  stop(unit: UnitState): void {
    this.deps.loop.cancel(unit.pending);
    unit.pending = undefined;
    if (unit.process) this.record(unit, 'stop', `stop ${unit.component}.service`);
    if (unit.process) this.journal(unit.component, 'systemd', 1, `Stopping ${unit.component}.service - ${this.description(unit)}...`);
    this.kill(unit);
    unit.active = 'inactive';
    unit.since = this.deps.loop.now();
    unit.lastExit = undefined;
    unit.problem = `${unit.component}.service is stopped`;
  }

  /** status says whether the component serves, is starting, or is down and why. */
  status(component: ControlPlaneComponent): { state: 'running' | 'starting' | 'down'; problem?: string } {
    const unit = this.units.get(component)!;
    if (unit.active === 'active') return { state: unit.pending ? 'starting' : 'running' };
    return { state: 'down', problem: unit.problem };
  }

  /** description is the unit's Description= line. */
  description(unit: UnitState): string {
    return /^Description=(.*)$/m.exec(unit.loadedText)?.[1] ?? unit.component;
  }

  /** start launches the unit's process; false when it exited at once (a restart is then scheduled). */
  start(unit: UnitState, waitForStartup: boolean): boolean {
    const { loop, processes, launchers } = this.deps;
    const parsed = commandFromUnit(unit.loadedText, `${unit.component}.service`);
    unit.since = loop.now();
    if (!parsed.ok) {
      unit.active = 'inactive';
      unit.problem = parsed.error;
      this.journal(unit.component, 'systemd', 1, parsed.error);
      return false;
    }
    unit.process = processes.spawn(parsed.argv);
    unit.active = 'active';
    this.record(unit, 'start', `start ${unit.component}.service: ${parsed.argv.length - 1} flags from ${unit.path}`);
    this.journal(unit.component, 'systemd', 1, `Started ${unit.component}.service - ${this.description(unit)}.`);
    const launcher = launchers[unit.component];
    try {
      unit.running = launcher ? launcher({ component: unit.component, setup: 'systemd', sourcePath: unit.path, sourceText: unit.loadedText, argv: parsed.argv }) : NOOP_RUNNING;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.crashed(unit, parsed.argv, message);
      return false;
    }
    unit.lastExit = undefined;
    unit.problem = undefined;
    if (waitForStartup) {
      unit.problem = `${unit.component} is starting`;
      unit.pending = loop.schedule(COMPONENT_STARTUP_MS, `${unit.component}: finish starting`, () => {
        unit.pending = undefined;
        unit.problem = undefined;
        unit.running?.serve();
        if (unit.component === 'kube-apiserver') {
          const pid = unit.process?.pid ?? 0;
          this.journal(unit.component, unit.component, pid, klog('I', loop.now(), pid, 'secure_serving.go:213', 'Serving securely on [::]:6443'));
        }
      });
    }
    return true;
  }

  private crashed(unit: UnitState, argv: string[], message: string): void {
    const pid = unit.process!.pid;
    this.record(unit, 'exited', `${unit.component} exited with status 1: ${message.split('\n')[0]}`);
    for (const line of message.split('\n')) this.journal(unit.component, unit.component, pid, line);
    this.journal(unit.component, 'systemd', 1, `${unit.component}.service: Main process exited, code=exited, status=1/FAILURE`);
    this.journal(unit.component, 'systemd', 1, `${unit.component}.service: Failed with result 'exit-code'.`);
    this.kill(unit);
    unit.active = 'activating';
    unit.lastExit = { pid, commandLine: argv.join(' ') };
    unit.problem = `${unit.component} exited at start: ${message}`;
    // Background: Restart=on-failure retries forever, which is not work a run should wait for.
    unit.pending = this.deps.loop.schedule(RESTART_SEC_MS, `systemd: restart ${unit.component}.service`, () => {
      unit.pending = undefined;
      unit.restarts++;
      this.journal(unit.component, 'systemd', 1, `${unit.component}.service: Scheduled restart job, restart counter is at ${unit.restarts}.`);
      this.start(unit, true);
    }, { background: true });
  }

  private kill(unit: UnitState): void {
    unit.running?.stop();
    unit.running = undefined;
    this.deps.processes.kill(unit.process?.pid);
    unit.process = undefined;
  }

  private readUnit(unit: UnitState): string | undefined {
    try {
      return this.deps.fs.readFile(unit.path);
    } catch {
      return undefined;
    }
  }

  private record(unit: UnitState, action: string, summary: string): void {
    this.deps.trace?.record({ kind: 'action', from: 'systemd', to: unit.component, action, summary });
  }

  /** journal logs under the unit's name, so `journalctl -u <unit>` shows systemd's lines about it too. */
  private journal(source: string, program: string, pid: number, message: string): void {
    this.deps.journal.write(source, program, pid, message);
  }
}
