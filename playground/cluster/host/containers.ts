/**
 * ContainerList is containerd's view of the static pods on the control-plane node, for
 * `crictl ps [-a]` and `crictl logs`: one record per container start, with 64-hex ids from the
 * host's own seeded generator (so they are stable per seed without disturbing the cluster's uids).
 */
import type { SeededIds } from '../sim/ids';

/** ContainerRecord is one container (one start attempt of a static pod). */
export interface ContainerRecord {
  id: string;
  podSandboxId: string;
  /** Container name (the component). */
  name: string;
  /** Pod name: `<component>-<node>`. */
  podName: string;
  image: string;
  /** Short image id column. */
  imageId: string;
  createdAt: number;
  state: 'Running' | 'Exited';
  /** Restart attempt within the pod, 0 for the first. */
  attempt: number;
  exitCode?: number;
}

const IMAGE_IDS: Record<string, string> = {
  etcd: 'a9e7e6b294baf',
  'kube-apiserver': 'c2e17b8d0f4a2',
  'kube-controller-manager': '8cab3d2a8bd0f',
  'kube-scheduler': 'd8e673e7c9983',
};

/** humanDuration is docker/go-units' HumanDuration, which crictl's CREATED column uses. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/** ContainerList keeps every container started on the node, oldest first. */
export class ContainerList {
  private readonly records: ContainerRecord[] = [];

  constructor(
    private readonly ids: SeededIds,
    private readonly now: () => number,
  ) {}

  /** newSandboxId returns a fresh pod sandbox id. */
  newSandboxId(): string {
    return this.ids.hex(64);
  }

  /**
   * start records a running container and returns it. Like the kubelet's container garbage
   * collector (MaxPerPodContainer=1), it keeps only the newest dead container of this name in the
   * same pod, and forgets the containers of pods that were replaced.
   */
  start(name: string, podName: string, podSandboxId: string, image: string, attempt: number): ContainerRecord {
    const newestDead = [...this.records].reverse().find((r) => r.name === name && r.podSandboxId === podSandboxId && r.state === 'Exited');
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record.name !== name || record.state !== 'Exited' || record === newestDead) continue;
      this.records.splice(i, 1);
    }
    const record: ContainerRecord = {
      id: this.ids.hex(64),
      podSandboxId,
      name,
      podName,
      image,
      imageId: IMAGE_IDS[name] ?? this.ids.hex(13),
      createdAt: this.now(),
      state: 'Running',
      attempt,
    };
    this.records.push(record);
    return record;
  }

  /** exit marks a container as exited with `exitCode`. */
  exit(record: ContainerRecord | undefined, exitCode: number): void {
    if (!record || record.state === 'Exited') return;
    record.state = 'Exited';
    record.exitCode = exitCode;
  }

  /** find looks a container up by id prefix or by name (the newest with that name). */
  find(idOrName: string): ContainerRecord | undefined {
    if (idOrName === '') return undefined;
    const byId = this.records.filter((r) => r.id.startsWith(idOrName));
    if (byId.length) return byId[byId.length - 1];
    return [...this.records].reverse().find((r) => r.name === idOrName);
  }

  /** list returns containers newest first, as crictl does; running only unless `all`. */
  list(all: boolean): ContainerRecord[] {
    return [...this.records].reverse().filter((r) => all || r.state === 'Running');
  }

  /** format renders `crictl ps` output. */
  format(records: ContainerRecord[]): string {
    const header = ['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD'];
    const rows = records.map((r) => [r.id.slice(0, 13), r.imageId, `${humanDuration(this.now() - r.createdAt)} ago`, r.state, r.name, String(r.attempt), r.podSandboxId.slice(0, 13), r.podName]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)) + 3);
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('');
    return [line(header), ...rows.map(line)].join('\n') + '\n';
  }
}
