/**
 * Model-based property test of the watch cache: random etcd writes (several events per revision
 * included) under the pods prefix, and API watchers of every kind (all, one namespace, a label,
 * pinned to a node, to no node, to a name; shared objects or copies) opened from the state or
 * from a past revision and stopped at random. A naive model replays the whole event history for
 * each watcher; the cacher, with its small ring-buffer window and its indexes, must agree exactly.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { RequestOp } from '../../etcd/types';
import type { Selectors } from '../registry/list';
import { newTestApiServer } from '../test-support';
import type { ApiWatcher } from './api-watcher';
import { Cacher } from './cacher';

const NAMES = ['p1', 'p2', 'p3'];
const NAMESPACES = ['default', 'other'];
const NODES = [undefined, 'n1', 'n2'];
const APPS = ['a', 'b'];

/** WatchKind is one kind of API watch: a namespace ('' for all) and selectors. */
interface WatchKind {
  namespace: string;
  selectors: Selectors;
}
const KINDS: WatchKind[] = [
  { namespace: '', selectors: { labels: [], fields: [] } },
  { namespace: 'default', selectors: { labels: [], fields: [] } },
  { namespace: '', selectors: { labels: parseLabelSelector('app=a'), fields: [] } },
  { namespace: '', selectors: { labels: [], fields: [{ field: 'spec.nodeName', operator: '=', value: 'n1' }] } },
  { namespace: 'default', selectors: { labels: [], fields: [{ field: 'spec.nodeName', operator: '=', value: '' }] } },
  { namespace: '', selectors: { labels: [], fields: [{ field: 'metadata.name', operator: '=', value: 'p2' }] } },
  { namespace: '', selectors: { labels: parseLabelSelector('app=b'), fields: [{ field: 'spec.nodeName', operator: '=', value: 'n2' }] } },
  // `!=` requirements (the scheduler's watches of assigned and of unfinished pods), and a pinned
  // field within one namespace (tested through passes, not inline).
  { namespace: '', selectors: { labels: [], fields: [{ field: 'spec.nodeName', operator: '!=', value: '' }] } },
  { namespace: 'default', selectors: { labels: [], fields: [{ field: 'spec.nodeName', operator: '!=', value: 'n1' }, { field: 'metadata.name', operator: '!=', value: 'p2' }] } },
  { namespace: 'default', selectors: { labels: [], fields: [{ field: 'spec.nodeName', operator: '=', value: 'n1' }] } },
  // Field requirements only, several and mixed (tested inline, both objects in one walk).
  { namespace: '', selectors: { labels: [], fields: [{ field: 'spec.nodeName', operator: '!=', value: 'n1' }, { field: 'metadata.name', operator: '!=', value: 'p2' }] } },
  { namespace: '', selectors: { labels: [], fields: [{ field: 'metadata.name', operator: '!=', value: 'p1' }, { field: 'spec.nodeName', operator: '=', value: 'n2' }] } },
];

type Change = { name: string; namespace: string; remove: boolean; node: string | undefined; app: string };
type Step = { kind: 'write'; changes: Change[] } | { kind: 'open'; watch: number; back: number; share: boolean } | { kind: 'stop'; which: number };

const changeArb: fc.Arbitrary<Change> = fc.record({
  name: fc.constantFrom(...NAMES),
  namespace: fc.constantFrom(...NAMESPACES),
  remove: fc.boolean(),
  node: fc.constantFrom(...NODES),
  app: fc.constantFrom(...APPS),
});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), changes: fc.array(changeArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('open' as const), watch: fc.nat(KINDS.length - 1), back: fc.integer({ min: -1, max: 6 }), share: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), which: fc.nat(20) }) },
);

/** HistoryEvent is one etcd event under the prefix, with the objects before and after it. */
interface HistoryEvent {
  revision: number;
  name: string;
  before: KubeObject | undefined;
  after: KubeObject | undefined;
}

/** passes is the model of a watcher's filter. */
function passes(kind: WatchKind, object: KubeObject | undefined): boolean {
  if (!object) return false;
  if (kind.namespace && object.metadata?.namespace !== kind.namespace) return false;
  const labels = object.metadata?.labels ?? {};
  for (const requirement of kind.selectors.labels) if (labels.app !== requirement.values[0]) return false;
  const spec = object.spec as { nodeName?: string };
  for (const f of kind.selectors.fields) {
    const actual = f.field === 'spec.nodeName' ? (spec.nodeName ?? '') : object.metadata?.name;
    if (f.operator === '!=' ? actual === f.value : actual !== f.value) return false;
  }
  return true;
}

/** line describes an object as a watcher saw it. */
function line(type: string, object: KubeObject, revision: number | string): string {
  const spec = object.spec as { nodeName?: string };
  return `${type} ${object.metadata?.namespace}/${object.metadata?.name} rv=${revision} app=${object.metadata?.labels?.app} node=${spec.nodeName ?? '-'}`;
}

/** expectedEvents is what the model says a watcher sees for `events` after `fromRevision`. */
function expectedEvents(kind: WatchKind, events: HistoryEvent[], fromRevision: number): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.revision <= fromRevision) continue;
    const now = passes(kind, e.after);
    const before = passes(kind, e.before);
    if (!e.after) {
      if (before) out.push(line('DELETED', e.before!, e.revision));
    } else if (now && before) out.push(line('MODIFIED', e.after, e.revision));
    else if (now) out.push(line('ADDED', e.after, e.revision));
    else if (before) out.push(line('DELETED', e.before!, e.revision));
  }
  return out;
}

describe('watch cache against a naive model', () => {
  it('gives every watcher exactly the events the full history implies, or 410 once its start left the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(stepArb, { maxLength: 30 }), (capacity, steps) => {
        const t = newTestApiServer();
        const cacher = new Cacher(t.server.stores.get('pods')!, capacity);
        cacher.start();
        const initial = cacher.revision;
        const state = new Map<string, KubeObject>();
        const history: HistoryEvent[] = [];
        let uid = 0;
        type Open = { kind: WatchKind; watcher: ApiWatcher; log: string[]; expected: string[]; from: number; stoppedAt: number };
        const opened: Open[] = [];
        for (const step of steps) {
          if (step.kind === 'write') {
            const ops: RequestOp[] = [];
            const seen = new Set<string>();
            const pending: { name: string; before: KubeObject | undefined; after: KubeObject | undefined }[] = [];
            for (const c of step.changes) {
              const key = `/registry/pods/${c.namespace}/${c.name}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const before = state.get(key);
              if (c.remove) {
                if (!before) continue;
                ops.push({ requestDeleteRange: { key } });
                pending.push({ name: key, before, after: undefined });
              } else {
                const spec: Record<string, unknown> = { containers: [{ name: 'c', image: 'nginx' }] };
                if (c.node) spec.nodeName = c.node;
                const object: KubeObject = {
                  apiVersion: 'v1',
                  kind: 'Pod',
                  metadata: { name: c.name, namespace: c.namespace, uid: before?.metadata?.uid ?? `uid-${uid++}`, labels: { app: c.app } },
                  spec,
                };
                ops.push({ requestPut: { key, value: JSON.stringify(object) } });
                pending.push({ name: key, before, after: object });
              }
            }
            if (ops.length === 0) continue;
            const revision = t.etcdServer.txn({ compare: [], success: ops, failure: [] }).header.revision;
            // etcd applies a txn's ops in order; the DELETE and PUT events come out in that order.
            for (const p of pending) {
              history.push({ revision, name: p.name, before: p.before, after: p.after });
              if (p.after) state.set(p.name, p.after);
              else state.delete(p.name);
            }
            t.loop.runUntilQuiet();
          } else if (step.kind === 'open') {
            const kind = KINDS[step.watch];
            const log: string[] = [];
            const sink = { event: (event: { type: string; object: unknown }) => {
              const object = event.object as KubeObject & { code?: number };
              log.push(event.type === 'ERROR' ? `ERROR ${object.code}` : line(event.type, object, object.metadata!.resourceVersion!));
            }, end: () => log.push('end') };
            const current = cacher.revision;
            const from = step.back < 0 ? current : Math.max(0, current - step.back);
            const dropped = history.length > capacity ? history[history.length - capacity - 1].revision : initial;
            let expected: string[];
            if (step.back < 0) {
              expected = [...state.entries()].filter(([, o]) => passes(kind, o)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, o]) => {
                const rev = [...history].reverse().find((e) => e.name === key)!.revision;
                return line('ADDED', o, rev);
              });
            } else if (from < dropped) {
              expected = ['ERROR 410', 'end'];
            } else {
              expected = expectedEvents(kind, history, from);
            }
            const watcher = cacher.watch(kind.namespace, kind.selectors, sink, step.back < 0 ? { kind: 'state' } : { kind: 'after', revision: from }, step.share);
            expect(log).toEqual(expected);
            opened.push({ kind, watcher, log, expected, from: expected[0] === 'ERROR 410' ? Infinity : current, stoppedAt: Infinity });
          } else if (opened.length > 0) {
            const victim = opened[step.which % opened.length];
            if (victim.watcher.active) {
              victim.watcher.stop();
              victim.stoppedAt = history.length;
            }
          }
        }
        for (const o of opened) {
          const live = history.slice(0, Math.min(o.stoppedAt, history.length));
          const later = o.from === Infinity ? [] : expectedEvents(o.kind, live, o.from);
          const ended = o.stoppedAt !== Infinity && o.from !== Infinity ? ['end'] : [];
          expect(o.log).toEqual([...o.expected, ...later, ...ended]);
        }
        cacher.stop();
      }),
      { numRuns: 150 },
    );
  });
});
