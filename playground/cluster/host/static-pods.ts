/**
 * StaticPods is the control-plane node's kubelet in its static-pod role (kubeadm setup): it watches
 * /etc/kubernetes/manifests and, when a manifest changes, kills the pod's container and starts a new
 * one from the new file, as the real kubelet's file source does. In between, the program is gone:
 * for kube-apiserver that is the window in which every client gets "connection refused". A manifest
 * that does not parse takes the pod away (the kubelet logs why); a container whose program exits at
 * once (a bad flag) is restarted with CrashLoopBackOff, its error in `crictl logs`.
 */
import type { EventLoop, ScheduledTask } from '../sim/loop';
import { kubeletOf } from '../sim/trace';
import type { Trace } from '../sim/trace';
import { commandFromManifest } from './command-line';
import type { ContainerList, ContainerRecord } from './containers';
import type { HostFileSystem } from './fs';
import type { HostConfig } from './host-config';
import type { Journal } from './journal';
import { klog } from './journal';
import { COMPONENT_STARTUP_MS, NOOP_RUNNING } from './launcher';
import type { ComponentLaunchers, ControlPlaneComponent, RunningComponent } from './launcher';
import type { HostProcess, ProcessTable } from './processes';

/** MANIFEST_DIR is the kubelet's --pod-manifest-path on a kubeadm node. */
export const MANIFEST_DIR = '/etc/kubernetes/manifests';
/** How long the kubelet takes to notice a changed manifest (its file source reacts to inotify). */
export const MANIFEST_NOTICE_MS = 1_000;
/** How long stopping the old container takes before the new one is created. */
export const CONTAINER_STOP_MS = 1_000;
/** The kubelet's first CrashLoopBackOff delay; it doubles up to 5 minutes. */
export const CRASH_BACKOFF_MS = 10_000;
const MAX_CRASH_BACKOFF_MS = 300_000;

interface StaticPod {
  component: ControlPlaneComponent;
  path: string;
  /** The manifest text the running pod was created from. */
  appliedText?: string;
  sandboxId?: string;
  container?: ContainerRecord;
  process?: HostProcess;
  running?: RunningComponent;
  attempt: number;
  backoffMs: number;
  /** The pending start, serve or restart task, cancelled when the manifest changes again. */
  pending?: ScheduledTask;
  /** Why the pod is not running, when it is not. */
  problem?: string;
}

/** StaticPodsDeps are the node parts the kubelet works with. */
export interface StaticPodsDeps {
  loop: EventLoop;
  fs: HostFileSystem;
  processes: ProcessTable;
  journal: Journal;
  containers: ContainerList;
  launchers: ComponentLaunchers;
  config: HostConfig;
  /** The kubelet's own process (its pid prefixes journal lines). */
  kubeletPid: () => number;
  /** Where restarts are recorded (as the node's kubelet acting on the component), if anywhere. */
  trace?: Trace;
}

const COMPONENTS: ControlPlaneComponent[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

export class StaticPods {
  private readonly pods = new Map<string, StaticPod>();
  private noticeTask: ScheduledTask | undefined;

  constructor(private readonly deps: StaticPodsDeps) {
    for (const component of COMPONENTS) {
      const path = `${MANIFEST_DIR}/${component}.yaml`;
      this.pods.set(path, { component, path, attempt: 0, backoffMs: CRASH_BACKOFF_MS });
    }
    deps.fs.onWrite((path) => {
      if (!this.pods.has(path)) return;
      // One sync for a burst of writes, as inotify events are coalesced by the file source.
      deps.loop.cancel(this.noticeTask);
      this.noticeTask = deps.loop.schedule(MANIFEST_NOTICE_MS, 'kubelet: static pod manifests changed', () => this.syncAll());
    });
  }

  /** boot starts every static pod at once and serves immediately: the node was already up when the run began. */
  boot(): void {
    for (const pod of this.pods.values()) {
      pod.appliedText = this.deps.fs.readFile(pod.path);
      const parsed = commandFromManifest(pod.appliedText);
      if (!parsed.ok) throw new Error(`${pod.path}: ${parsed.error}`);
      pod.sandboxId = this.deps.containers.newSandboxId();
      if (!this.startContainer(pod, parsed.argv)) throw new Error(`${pod.component} did not start: ${pod.problem}`);
      pod.running!.serve();
    }
  }

  /** resync re-reads every manifest soon, as a restarted kubelet does on start-up. */
  resync(): void {
    this.deps.loop.cancel(this.noticeTask);
    this.noticeTask = this.deps.loop.schedule(MANIFEST_NOTICE_MS, 'kubelet: read static pod manifests', () => this.syncAll());
  }

  /** status says whether a component is serving, starting, or down and why. */
  status(component: ControlPlaneComponent): { state: 'running' | 'starting' | 'down'; problem?: string } {
    const pod = [...this.pods.values()].find((p) => p.component === component)!;
    if (pod.container?.state === 'Running') return { state: pod.pending ? 'starting' : 'running' };
    return { state: 'down', problem: pod.problem };
  }

  private log(severity: 'I' | 'E', location: string, message: string): void {
    const pid = this.deps.kubeletPid();
    this.deps.journal.write('kubelet', 'kubelet', pid, klog(severity, this.deps.loop.now(), pid, location, message));
  }

  private record(pod: StaticPod, action: string, summary: string): void {
    this.deps.trace?.record({ kind: 'action', from: kubeletOf(this.deps.config.nodeName), to: pod.component, action, summary });
  }

  private syncAll(): void {
    this.noticeTask = undefined;
    for (const pod of this.pods.values()) this.sync(pod);
  }

  private sync(pod: StaticPod): void {
    let text: string | undefined;
    try {
      text = this.deps.fs.readFile(pod.path);
    } catch {
      text = undefined;
    }
    if (text === pod.appliedText) return;
    pod.appliedText = text;
    const podName = `${pod.component}-${this.deps.config.nodeName}`;
    this.deps.loop.cancel(pod.pending);
    pod.pending = undefined;
    this.record(pod, 'static pod changed', `${pod.path} changed: replacing the ${pod.component} pod`);
    if (pod.container?.state === 'Running') {
      this.record(pod, 'StopContainer', `kill ${pod.component} (grace period 30s)`);
      this.log('I', 'kuberuntime_container.go:809', `"Killing container with a grace period" pod="kube-system/${podName}" containerName="${pod.component}" gracePeriod=30`);
    }
    this.kill(pod, 0);
    if (text === undefined) {
      pod.problem = `${pod.path} was removed`;
      return;
    }
    const parsed = commandFromManifest(text);
    if (!parsed.ok) {
      pod.problem = `Could not process manifest file ${pod.path}: ${parsed.error}`;
      this.record(pod, 'manifest error', `${pod.path}: ${parsed.error}`);
      this.log('E', 'file.go:187', `"Could not process manifest file" err="${pod.path}: ${parsed.error}" path="${pod.path}"`);
      return;
    }
    pod.problem = `${pod.component} is restarting after its manifest changed`;
    pod.attempt = 0;
    pod.backoffMs = CRASH_BACKOFF_MS;
    pod.sandboxId = this.deps.containers.newSandboxId();
    pod.pending = this.deps.loop.schedule(CONTAINER_STOP_MS, `kubelet: start static pod ${podName}`, () => {
      pod.pending = undefined;
      if (this.startContainer(pod, parsed.argv)) {
        pod.pending = this.deps.loop.schedule(COMPONENT_STARTUP_MS, `${pod.component}: finish starting`, () => {
          pod.pending = undefined;
          pod.problem = undefined;
          pod.running!.serve();
        });
      }
    });
  }

  /** startContainer runs the program; false when it exited at once (the crash is already handled). */
  private startContainer(pod: StaticPod, argv: string[]): boolean {
    const { containers, processes, launchers, config, loop, journal } = this.deps;
    const podName = `${pod.component}-${config.nodeName}`;
    const image = `registry.k8s.io/${pod.component}`;
    pod.container = containers.start(pod.component, podName, pod.sandboxId!, image, pod.attempt);
    pod.process = processes.spawn(argv);
    this.record(pod, 'StartContainer', `start ${pod.component}${pod.attempt ? ` (attempt ${pod.attempt})` : ''}: ${argv.length - 1} flags from ${pod.path}`);
    const launcher = launchers[pod.component];
    try {
      pod.running = launcher ? launcher({ component: pod.component, setup: 'kubeadm', sourcePath: pod.path, sourceText: pod.appliedText!, argv }) : NOOP_RUNNING;
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      journal.write(`container:${pod.container.id}`, pod.component, pod.process.pid, message);
      this.record(pod, 'container exited', `${pod.component} exited with code 1: ${message.split('\n')[0]}`);
      pod.problem = `${pod.component} exited at start: ${message}`;
      this.kill(pod, 1);
      const delay = pod.backoffMs;
      this.log('E', 'pod_workers.go:1301', `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${pod.component}\\" with CrashLoopBackOff: \\"back-off ${delay / 1000}s restarting failed container=${pod.component} pod=${podName}_kube-system\\"" pod="kube-system/${podName}"`);
      pod.backoffMs = Math.min(delay * 2, MAX_CRASH_BACKOFF_MS);
      // Background: a crash loop keeps trying forever, but it is not work a run should wait for.
      pod.pending = loop.schedule(delay, `kubelet: restart crashed ${podName}`, () => {
        pod.pending = undefined;
        pod.attempt++;
        if (this.startContainer(pod, argv)) {
          pod.pending = loop.schedule(COMPONENT_STARTUP_MS, `${pod.component}: finish starting`, () => {
            pod.pending = undefined;
            pod.problem = undefined;
            pod.running!.serve();
          });
        }
      }, { background: true });
      return false;
    }
  }

  private kill(pod: StaticPod, exitCode: number): void {
    pod.running?.stop();
    pod.running = undefined;
    this.deps.processes.kill(pod.process?.pid);
    pod.process = undefined;
    this.deps.containers.exit(pod.container, exitCode);
  }
}
