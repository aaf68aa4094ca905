/**
 * NamespaceTermination is deleting a namespace, simplified. The real DELETE only marks the namespace
 * Terminating; the namespace controller in kube-controller-manager then deletes everything in it and
 * finally removes the `kubernetes` finalizer. Here the API server does that work itself, one
 * controller "pass" after the DELETE: contents are deleted (pods on nodes gracefully, so their
 * kubelets stop them) and the namespace disappears once nothing is left in it.
 */
import type { KubeObject, Namespace } from '../api/types';
import { prefixEnd } from '../etcd/types';
import type { SimContext } from '../sim/context';
import { timestamp } from '../sim/time';
import type { Store } from './registry/store';

/** NAMESPACE_RECHECK_MS is how long the "controller" waits before looking at a namespace again. */
export const NAMESPACE_RECHECK_MS = 1000;

const FOREGROUND_PASSES = 60;

export class NamespaceTermination {
  constructor(
    private readonly sim: SimContext,
    private readonly stores: ReadonlyMap<string, Store>,
  ) {}

  /** Passes made per namespace: after FOREGROUND_PASSES, rechecks stop counting as pending work. */
  private readonly passes = new Map<string, number>();

  private get namespaces(): Store {
    return this.stores.get('namespaces')!;
  }

  /** begin marks the namespace Terminating and schedules the cleanup; returns the marked object. */
  begin(name: string): KubeObject {
    const marked = this.namespaces.guaranteedUpdate('', name, (current) => {
      const ns = current as Namespace;
      if (!ns.metadata.deletionTimestamp) ns.metadata.deletionTimestamp = timestamp(this.sim.loop.now());
      ns.status = { ...ns.status, phase: 'Terminating' };
      return ns;
    });
    this.passes.set(name, 0);
    this.schedule(name, 0);
    return marked;
  }

  private schedule(name: string, delayMs: number): void {
    const passes = this.passes.get(name) ?? 0;
    // Waiting on kubelets is real work for a while; a namespace stuck on pods no kubelet will ever
    // stop must not keep the simulation from going quiet.
    const background = passes > FOREGROUND_PASSES;
    this.sim.loop.schedule(delayMs, `namespace ${name}: delete contents`, () => this.pass(name), { background });
  }

  /** pass deletes what is left in the namespace; when it is empty, removes the namespace itself. */
  private pass(name: string): void {
    this.passes.set(name, (this.passes.get(name) ?? 0) + 1);
    const namespace = this.namespaces.tryGet('', name);
    if (!namespace || (namespace as Namespace).status?.phase !== 'Terminating') return;
    let remaining = 0;
    for (const store of this.stores.values()) {
      if (!store.info.namespaced) continue;
      const prefix = store.prefix(name);
      const items = store.deps.etcd.range({ key: prefix, rangeEnd: prefixEnd(prefix) }).kvs;
      for (const kv of items) {
        const objectName = kv.key.slice(prefix.length);
        try {
          if (!store.delete(name, objectName, {}).removed) remaining++;
        } catch {
          // Already gone (a race with another deleter): nothing left to do for it.
        }
      }
    }
    if (remaining > 0) {
      this.schedule(name, NAMESPACE_RECHECK_MS);
      return;
    }
    this.passes.delete(name);
    try {
      this.namespaces.delete('', name, {});
    } catch {
      // Someone else finished it.
    }
  }
}
