/**
 * StubApiClient is an ApiClient without an API server, for the scheduler's benchmark and unit
 * tests: lists are empty, watches are streams the test feeds with `emit`, and writes succeed after
 * one tick (bindings are recorded so tests can check them). Integration tests use the real server.
 */
import type { ApiClient, Callback, ResourceRef, WatchHandle } from '../api/client';
import type { ApiWatchEvent, Binding, KubeObject, List } from '../api/types';
import type { SimContext } from '../sim/context';

type Listener = (event: ApiWatchEvent) => void;

export class StubApiClient implements ApiClient {
  /** Every binding posted, in order. */
  readonly bindings: { pod: string; node: string }[] = [];
  /** Every other write, as `<verb> <resource>[/<subresource>]`. */
  readonly writes: string[] = [];
  /** Bodies of creates (other than bindings) and patches, in order. */
  readonly bodies: { write: string; body: unknown }[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  /** onBind runs after a binding is accepted (a test can emit the bound pod from here). */
  onBind: ((pod: string, node: string) => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    readonly participant = 'kube-scheduler',
  ) {}

  /** emit delivers a watch event to every watcher of the resource. */
  emit(resource: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    for (const listener of this.listeners.get(resource) ?? []) listener({ type, object });
  }

  get<T extends KubeObject>(_ref: ResourceRef, cb: Callback<T>): void {
    this.later(() => cb({ ok: false, code: 404, status: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound' } }));
  }

  list<T extends KubeObject>(_ref: ResourceRef, _options: unknown, cb: Callback<List<T>>): void {
    this.later(() => cb({ ok: true, code: 200, value: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: [] } }));
  }

  create<T extends KubeObject>(ref: ResourceRef, object: KubeObject, cb: Callback<T>): void {
    if (ref.subresource === 'binding') {
      const binding = { pod: `${ref.namespace}/${ref.name}`, node: (object as Binding).target.name };
      this.bindings.push(binding);
      this.later(() => {
        cb({ ok: true, code: 201, value: object as T });
        this.onBind?.(binding.pod, binding.node);
      });
      return;
    }
    this.writes.push(`create ${ref.resource}`);
    this.bodies.push({ write: `create ${ref.resource}`, body: object });
    const meta = object.metadata;
    if (meta?.generateName && !meta.name) object = { ...object, metadata: { ...meta, name: `${meta.generateName}${this.ctx.ids.suffix()}`, uid: this.ctx.ids.uid() } };
    this.later(() => cb({ ok: true, code: 201, value: object as T }));
  }

  update<T extends KubeObject>(ref: ResourceRef, object: KubeObject, cb: Callback<T>): void {
    this.writes.push(`update ${ref.resource}`);
    this.bodies.push({ write: `update ${ref.resource}`, body: object });
    this.later(() => cb({ ok: true, code: 200, value: object as T }));
  }

  patch<T extends KubeObject>(ref: ResourceRef, patch: unknown, _type: unknown, cb: Callback<T>): void {
    const write = `patch ${ref.resource}${ref.subresource ? `/${ref.subresource}` : ''}`;
    this.writes.push(write);
    this.bodies.push({ write, body: patch });
    this.later(() => cb({ ok: true, code: 200, value: {} as T }));
  }

  delete<T extends KubeObject>(ref: ResourceRef, options: unknown, cb: Callback<T>): void {
    this.writes.push(`delete ${ref.resource}`);
    this.bodies.push({ write: `delete ${ref.resource}/${ref.name}`, body: options });
    this.later(() => cb({ ok: true, code: 200, value: {} as T }));
  }

  watch<T extends KubeObject>(ref: ResourceRef, _options: unknown, onEvent: (event: ApiWatchEvent<T>) => void): WatchHandle {
    const listeners = this.listeners.get(ref.resource) ?? [];
    const listener = onEvent as Listener;
    listeners.push(listener);
    this.listeners.set(ref.resource, listeners);
    return { stop: () => listeners.splice(listeners.indexOf(listener), 1) };
  }

  request(): void {
    throw new Error('StubApiClient does not send raw requests');
  }

  private later(run: () => void): void {
    this.ctx.loop.schedule(0, 'stub api reply', run);
  }
}
