/**
 * The seam between the simulated node and the simulated components: when the node's kubelet (for
 * static pods) or systemd (for units) starts a control-plane program, it hands the program's
 * command line and the file it came from to a ComponentLauncher. The cluster supplies a launcher
 * for kube-apiserver that builds a KubeApiServer from exactly that file; programs without one only
 * appear in the process table.
 */
import type { Setup } from './host-config';

/** ControlPlaneComponent names the programs the node runs. */
export type ControlPlaneComponent = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';

/** ComponentLaunch is what the node knows when it starts a program. */
export interface ComponentLaunch {
  component: ControlPlaneComponent;
  setup: Setup;
  /** The static-pod manifest or systemd unit the command line was read from. */
  sourcePath: string;
  sourceText: string;
  /** The command line as started (argv[0] is the program). */
  argv: string[];
}

/**
 * RunningComponent is a started program: `serve()` is called once it has finished starting (the
 * API server opens its port then), `stop()` when it is killed or restarted.
 */
export interface RunningComponent {
  serve(): void;
  stop(): void;
}

/**
 * ComponentLauncher starts a program. It throws, with the message the real program would print
 * before exiting (`Error: invalid argument "Foo" for "--authorization-mode" flag: …`), when the
 * command line is invalid; the node then shows the program as crashed.
 */
export type ComponentLauncher = (launch: ComponentLaunch) => RunningComponent;

/** ComponentLaunchers holds the launchers by component; missing ones start only a process. */
export type ComponentLaunchers = Partial<Record<ControlPlaneComponent, ComponentLauncher>>;

/** NOOP_RUNNING is what a program without a launcher runs as. */
export const NOOP_RUNNING: RunningComponent = { serve() {}, stop() {} };

/** COMPONENT_STARTUP_MS is how long a restarted control-plane program takes before it serves (virtual ms). */
export const COMPONENT_STARTUP_MS = 3_000;
