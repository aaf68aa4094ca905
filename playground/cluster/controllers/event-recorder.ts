/**
 * EventRecorder posts core/v1 Events about objects, as client-go's recorder does for the scheduler,
 * the kubelet and controllers. Like client-go's event correlator it aggregates repeats: the same
 * reason and message about the same object bumps `count` and `lastTimestamp` of the existing Event
 * (a PATCH) instead of creating a new one, which is where `kubectl describe`'s "(x4 over 2m)" comes from.
 */
import { ignoreResult, type ApiClient } from '../api/client';
import { handOver } from '../api/transport';
import type { Event, KubeObject } from '../api/types';
import type { SimContext } from '../sim/context';
import { HEX8 } from '../sim/ids';
import { EPOCH_MS, timestamp } from '../sim/time';
import { SeenEvents } from './seen-events';

/** EventSource names the reporter: `default-scheduler`, `kubelet` (with host), `replicaset-controller`. */
export interface EventSource {
  component: string;
  host?: string;
}

/**
 * SEEN_CAPACITY is how many distinct events the recorder remembers for aggregation, like client-go's
 * correlator (an LRU cache of 4096 entries): past it the least recently repeated one is forgotten,
 * and its next repeat makes a new Event instead of bumping the old one's count.
 */
export const SEEN_CAPACITY = 4096;

export class EventRecorder {
  /** Events sent so far, for aggregation. */
  private readonly seen = new SeenEvents(SEEN_CAPACITY);
  private sequence = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
    readonly source: EventSource,
  ) {}

  /**
   * event records `type reason message` about `object`. `fieldPath` points inside it
   * (`spec.containers{nginx}` for a container). Fire-and-forget: failures are not retried.
   */
  event(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    const meta = object.metadata ?? {};
    const namespace = meta.namespace ?? 'default';
    const objectId = meta.uid ?? meta.name ?? '';
    const at = fieldPath ?? '';
    const nowMs = this.ctx.loop.now();
    const now = timestamp(nowMs);
    const previous = this.seen.touch(objectId, at, type, reason, message);
    if (previous) {
      previous.count++;
      this.client.patch({ resource: 'events', namespace: previous.namespace, name: previous.name }, handOver({ count: previous.count, lastTimestamp: now }), 'merge', ignoreResult);
      return;
    }
    // Real event names end in the time in hex nanoseconds; a counter is added so names never collide.
    // Joined with + rather than a template literal, which QuickJS runs as a String.prototype.concat call.
    const name = meta.name + '.' + nanosHex(EPOCH_MS + nowMs, this.sequence++ % 1_000_000);
    this.seen.add(objectId, at, type, reason, message, namespace, name);
    // JSON has no undefined: the absent optional fields are left out, not sent as undefined. Set
    // one by one in the order the API shows them, rather than spread from throwaway objects.
    const involvedObject = { kind: object.kind ?? '' } as Event['involvedObject'];
    if (meta.namespace !== undefined) involvedObject.namespace = meta.namespace;
    involvedObject.name = meta.name ?? '';
    if (meta.uid !== undefined) involvedObject.uid = meta.uid;
    if (object.apiVersion !== undefined) involvedObject.apiVersion = object.apiVersion;
    if (meta.resourceVersion !== undefined) involvedObject.resourceVersion = meta.resourceVersion;
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const body: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      type,
      source: this.source.host === undefined ? { component: this.source.component } : { component: this.source.component, host: this.source.host },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    // The body is built for this request alone: the transport need not copy it.
    this.client.create({ resource: 'events', namespace }, handOver(body), ignoreResult);
  }
}

const TWO_24 = 2 ** 24;

/**
 * nanosHex is `(ms * 1,000,000 + extraNanos).toString(16)` without BigInt (slow in QuickJS): the
 * product passes 2^53, so it is built in two exact parts of 24 bits and more. `ms` must be a
 * non-negative integer below 2^41 (epoch milliseconds up to September 2039, the range the property
 * test checks against BigInt), `extraNanos` below 1,000,000.
 */
export function nanosHex(ms: number, extraNanos: number): string {
  // Floors by remainders, not Math.floor calls: for non-negative numbers x % 2^24 is exactly
  // x - floor(x / 2^24) * 2^24, and (x - that) / 2^24 is exactly the floor (a power of two divides exactly).
  const low = ms % TWO_24;
  const high = (ms - low) / TWO_24;
  // ms * 1e6 + extra = (high * 1e6) * 2^24 + (low * 1e6 + extra); both parts stay below 2^53.
  const lowPart = low * 1_000_000 + extraNanos;
  const bottom = lowPart % TWO_24;
  const carry = (lowPart - bottom) / TWO_24;
  const top = high * 1_000_000 + carry;
  if (top === 0) return bottom.toString(16);
  // The top part changes only every ~16.8 ms of event time, and past 2^31 toString(16) takes a
  // slow path: its digits are kept. The bottom 24 bits are exactly six digits, three table bytes.
  if (top !== lastTop) {
    lastTopHex = top.toString(16);
    lastTop = top;
  }
  return lastTopHex + HEX8[bottom >>> 16] + HEX8[(bottom >>> 8) & 255] + HEX8[bottom & 255];
}

/** The last top part nanosHex formatted, and its hex digits. */
let lastTop = -1;
let lastTopHex = '';
