/**
 * Who appears in a sequence diagram, in which column, under which label. Columns follow the path
 * of a request: the client on the left, then kube-apiserver and etcd, then the components that
 * watch the API server, then each node's kubelet beside its container runtime.
 */
import type { TraceEntry } from '../cluster/sim/trace';

/** ParticipantColumn is one lifeline: a Mermaid-safe id, the raw trace name and a display label. */
export interface ParticipantColumn {
  /** Mermaid identifier (letters and digits only, so no name can break the syntax). */
  id: string;
  /** Participant name as recorded in the trace (`kubelet/node-1`). */
  name: string;
  /** Text drawn in the box (`kubelet node-1`). */
  label: string;
}

const CONTROL_PLANE_ORDER = ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'];

/** rankOf sorts participants: clients (0), control plane (1..), then per node kubelet before runtime. */
function rankOf(name: string): [number, string, number] {
  const known = CONTROL_PLANE_ORDER.indexOf(name);
  if (known >= 0) return [1 + known, '', 0];
  const slash = name.indexOf('/');
  if (slash > 0) {
    const component = name.slice(0, slash);
    const node = name.slice(slash + 1);
    if (component === 'kubelet') return [10, node, 0];
    // Anything else per node (containerd/…, kube-proxy/…) sits right of that node's kubelet.
    return [10, node, 1];
  }
  return [0, name, 0];
}

function compareNames(a: string, b: string): number {
  const [ra, na, sa] = rankOf(a);
  const [rb, nb, sb] = rankOf(b);
  if (ra !== rb) return ra - rb;
  if (na !== nb) return na < nb ? -1 : 1;
  if (sa !== sb) return sa - sb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** participantLabel turns `kubelet/node-1` into `kubelet node-1` and leaves other names alone. */
export function participantLabel(name: string): string {
  return name.replace('/', ' ');
}

/** participantColumns lists every participant the entries mention, in column order, with ids. */
export function participantColumns(entries: readonly TraceEntry[]): ParticipantColumn[] {
  const names = new Set<string>();
  for (const entry of entries) {
    names.add(entry.from);
    names.add(entry.to);
  }
  return [...names].sort(compareNames).map((name, index) => ({ id: `p${index}`, name, label: participantLabel(name) }));
}
