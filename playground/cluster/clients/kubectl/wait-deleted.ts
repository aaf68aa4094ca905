/**
 * How `kubectl delete` waits (its default --wait=true): after the DELETE, GET the object; if it is
 * still there (a pod in its termination grace period), list it by `metadata.name` and watch from
 * that list's resourceVersion until a DELETED event for the same uid arrives.
 */
import type { ApiClient, ResourceRef } from '../../api/client';
import type { KubeObject, List } from '../../api/types';
import type { EventLoop } from '../../sim/loop';

/** waitForDeletion calls done(true) once the object with `uid` is gone, done(false) if timeoutMs passes first. */
export function waitForDeletion(client: ApiClient, loop: EventLoop, ref: ResourceRef & { name: string }, uid: string | undefined, timeoutMs: number | undefined, done: (gone: boolean) => void): void {
  let finished = false;
  let stopWatch: (() => void) | undefined;
  const timer = timeoutMs === undefined ? undefined : loop.schedule(timeoutMs, `kubectl delete: wait for ${ref.resource}/${ref.name}`, () => finish(false));
  const finish = (gone: boolean) => {
    if (finished) return;
    finished = true;
    loop.cancel(timer);
    stopWatch?.();
    done(gone);
  };
  const isSame = (object: KubeObject | undefined) => object !== undefined && (uid === undefined || object.metadata?.uid === uid);
  client.get(ref, (current) => {
    if (finished) return;
    if (!current.ok || !isSame(current.value)) return finish(true);
    const listRef = { resource: ref.resource, namespace: ref.namespace };
    const fieldSelector = `metadata.name=${ref.name}`;
    client.list(listRef, { fieldSelector, resourceVersion: '0' }, (listed) => {
      if (finished) return;
      if (!listed.ok) return finish(true);
      const list = listed.value as List;
      if (!list.items.some(isSame)) return finish(true);
      const handle = client.watch(
        listRef,
        { fieldSelector, resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
        (event) => {
          if (event.type === 'DELETED' && isSame(event.object as KubeObject)) finish(true);
        },
      );
      stopWatch = () => handle.stop();
    });
  });
}

/** parseTimeout reads kubectl's --timeout (`30s`, `2m`, `1h`, `500ms`); 0 or empty means wait as long as it takes. */
export function parseTimeout(text: string | undefined): number | undefined {
  if (!text || text === '0' || text === '0s') return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`invalid argument "${text}" for "--timeout" flag: time: invalid duration "${text}"`);
  const scale = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * scale;
}
