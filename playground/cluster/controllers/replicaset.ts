/**
 * The ReplicaSet controller (part of kube-controller-manager) keeps `spec.replicas` pods running
 * for each ReplicaSet, through the API only: it watches ReplicaSets and pods, creates pods from the
 * template (generateName `<rs>-`, an ownerReference with controller: true) or deletes the extras,
 * and writes status.replicas/readyReplicas/availableReplicas. Like the real one it keeps
 * *expectations* — how many creates and deletes it is still waiting to see in the watch — so it
 * does not create the same pods twice before its cache catches up.
 */
import type { ApiClient } from '../api/client';
import type { KubeObject, Pod, ReplicaSet } from '../api/types';
import type { SimContext } from '../sim/context';
import { startController, type Controller, type ReconcileTools } from './controller';
import { objectKey } from './informer';

/** CONTROLLER_NAME is the Events' source component. */
export const REPLICASET_CONTROLLER = 'replicaset-controller';
/** Expectations older than this are ignored (kube-controller-manager's ExpectationsTimeout). */
const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  adds: number;
  deletes: number;
  setAt: number;
}

/** NO_KEYS is the queue keys of a pod no ReplicaSet controls (read-only, shared). */
const NO_KEYS: readonly string[] = Object.freeze([]);

/** controllerOf returns the owner reference marked controller: true, if any. */
export function controllerOf(object: KubeObject) {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

function isActive(pod: Pod): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** deletionRank orders pods to delete first: unscheduled, then not running, then not ready, then newest. */
function deletionOrder(a: Pod, b: Pod): number {
  const rank = (p: Pod) => [p.spec.nodeName ? 1 : 0, p.status?.phase === 'Running' ? 1 : 0, isReady(p) ? 1 : 0];
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta > tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** startReplicaSetController runs the controller with the given client (kube-controller-manager's identity). */
export function startReplicaSetController(client: ApiClient, ctx: SimContext): Controller {
  const expectations = new Map<string, Expectation>();
  const deletionsSeen = new Set<string>();

  const observe = (rsKey: string, field: 'adds' | 'deletes') => {
    const expectation = expectations.get(rsKey);
    if (expectation && expectation[field] > 0) expectation[field]--;
  };

  const satisfied = (rsKey: string): boolean => {
    const expectation = expectations.get(rsKey);
    if (!expectation) return true;
    if (expectation.adds <= 0 && expectation.deletes <= 0) return true;
    return ctx.loop.now() - expectation.setAt > EXPECTATIONS_TIMEOUT_MS;
  };

  /** ownerKey is the queue key of the ReplicaSet controlling `pod`, as a list (toKeys answers pods without owners). */
  const ownerKey = (pod: KubeObject): readonly string[] => {
    const owner = controllerOf(pod);
    // Most pods of a big cluster may have no ReplicaSet: one shared empty list for all of them.
    if (!owner || owner.kind !== 'ReplicaSet') return NO_KEYS;
    return [`${pod.metadata?.namespace}/${owner.name}`];
  };

  function reconcile(key: string, tools: ReconcileTools): void {
    const rs = tools.get<ReplicaSet>('replicasets', key);
    if (!rs) {
      expectations.delete(key);
      return;
    }
    const namespace = rs.metadata.namespace ?? 'default';
    const pods = tools
      .list<Pod>('pods', namespace)
      .filter((pod) => controllerOf(pod)?.uid === rs.metadata.uid && isActive(pod));

    if (satisfied(key) && !rs.metadata.deletionTimestamp) manageReplicas(key, rs, pods, tools);
    updateStatus(rs, pods, tools);
  }

  function manageReplicas(key: string, rs: ReplicaSet, pods: Pod[], tools: ReconcileTools): void {
    const wanted = rs.spec.replicas ?? 1;
    const diff = pods.length - wanted;
    const namespace = rs.metadata.namespace ?? 'default';
    const name = rs.metadata.name ?? '';
    if (diff < 0) {
      const missing = -diff;
      expectations.set(key, { adds: missing, deletes: 0, setAt: ctx.loop.now() });
      for (let i = 0; i < missing; i++) {
        const template = rs.spec.template;
        const pod: Pod = JSON.parse(
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              generateName: `${name}-`,
              namespace,
              labels: template.metadata?.labels,
              annotations: template.metadata?.annotations,
              ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
            },
            spec: template.spec,
          }),
        );
        tools.client.create<Pod>({ resource: 'pods', namespace }, pod, (result) => {
          if (result.ok) {
            tools.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${result.value.metadata.name}`);
            return;
          }
          // The create will never show up in the watch: stop waiting for it, and try again.
          observe(key, 'adds');
          tools.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${result.status.message ?? `HTTP ${result.code}`}`);
          tools.requeue(key, 1_000);
        });
      }
    } else if (diff > 0) {
      const victims = [...pods].sort(deletionOrder).slice(0, diff);
      expectations.set(key, { adds: 0, deletes: diff, setAt: ctx.loop.now() });
      for (const pod of victims) {
        tools.client.delete({ resource: 'pods', namespace, name: pod.metadata.name }, {}, (result) => {
          if (result.ok) {
            tools.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
            return;
          }
          observe(key, 'deletes');
          if (result.code !== 404) tools.requeue(key, 1_000);
        });
      }
    }
  }

  function updateStatus(rs: ReplicaSet, pods: Pod[], tools: ReconcileTools): void {
    const ready = pods.filter(isReady).length;
    const status = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const current = rs.status ?? { replicas: 0 };
    const same = (Object.keys(status) as (keyof typeof status)[]).every((field) => (current[field] ?? 0) === status[field]);
    if (same) return;
    tools.client.update<ReplicaSet>(
      { resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, subresource: 'status' },
      { ...rs, status },
      (result) => {
        // 409: our copy was stale; the watch will bring the new one and reconcile again.
        if (!result.ok && result.code !== 409 && result.code !== 404) tools.requeue(objectKey(rs), 1_000);
      },
    );
  }

  return startController({
    name: REPLICASET_CONTROLLER,
    client,
    ctx,
    watch: [
      { resource: 'replicasets' },
      {
        resource: 'pods',
        toKeys(pod, change) {
          // Most pods of a big cluster have no owner at all (every pod event passes here): answered
          // before looking for the controller.
          if (pod.metadata?.ownerReferences === undefined) return NO_KEYS;
          const keys = ownerKey(pod);
          for (let i = 0; i < keys.length; i++) {
            const key = keys[i];
            if (change === 'add') observe(key, 'adds');
            // A graceful delete shows up twice (deletionTimestamp set, then DELETED): count it once.
            const uid = pod.metadata?.uid ?? '';
            if ((change === 'delete' || (change === 'update' && pod.metadata?.deletionTimestamp)) && !deletionsSeen.has(uid)) {
              deletionsSeen.add(uid);
              observe(key, 'deletes');
            }
            if (change === 'delete') deletionsSeen.delete(uid);
          }
          return keys;
        },
      },
    ],
    reconcile,
  });
}
