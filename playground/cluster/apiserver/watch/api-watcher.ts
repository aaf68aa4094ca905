/**
 * ApiWatcher is one client's watch: it filters storage events by namespace and selectors and turns
 * them into API watch events, with the cacher's transition rules — an update that moves an object
 * out of the selector is DELETED, one that moves it in is ADDED (storage/cacher/cache_watcher.go).
 */
import { apiVersionOf } from '../../api/resources';
import { matchesLabels } from '../../api/selectors';
import type { ApiWatchEvent, KubeObject, Status, WatchEventType } from '../../api/types';
import { deepFreeze, freezeGuardOn, freezeThrough } from '../../sim/freeze';
import { decodeFromStorage } from '../registry/codec';
import type { Selectors } from '../registry/list';
import type { Store } from '../registry/store';
import type { WatchSink } from '../request';
import type { DeliveryView, StorageEvent } from './storage-event';

/** INDEXED_FIELDS are the field selectors the watch cache indexes watchers by (storage/cacher's IndexerFuncs). */
export const INDEXED_FIELDS = ['spec.nodeName', 'metadata.name'] as const;

/** ApiWatcher is one API watch stream: it turns storage events into the events this client may see. */
export class ApiWatcher {
  /** stopped is true once the stream ended; read by the cacher's fan-out (with minRevision) without a call per watcher. */
  stopped = false;
  /** Events at or below this revision were already covered by the initial state or replay. */
  minRevision: number;
  /**
   * indexField is the position in INDEXED_FIELDS of the field this watcher is pinned to with `=`
   * — `spec.nodeName=<node>` (a kubelet's pods) or `metadata.name=<name>` (a kubelet's own Node) —
   * so the cacher can skip it for events about other objects; -1 when it is pinned to none.
   */
  readonly indexField: number = -1;
  /** indexValue is the value the watcher is pinned to ('' when indexField is -1). */
  readonly indexValue: string = '';
  /**
   * liveTest is how deliverView tests an event's objects, worked out once: 'all' — no namespace and
   * no selectors, every object passes (the components' informers); 'namespace' — a namespace and
   * no selectors (a reader's watch of one namespace); 'pinned-field' — only the pinned field's `=`
   * and no namespace (a kubelet's pods, its own Node); 'fields' — field requirements only (the
   * scheduler's watch of unfinished pods); 'passes' — anything else, asked of passes.
   * The first four are tested inline: every watcher is handed nearly every event, twice tested.
   */
  private declare readonly liveTest: 'all' | 'namespace' | 'pinned-field' | 'fields' | 'passes';
  /** pinnedField is INDEXED_FIELDS[indexField] ('' when indexField is -1). */
  private declare readonly pinnedField: string;

  constructor(
    private readonly store: Store,
    readonly namespace: string,
    readonly selectors: Selectors,
    private readonly sink: WatchSink,
    startRevision: number,
    private readonly onStop: (watcher: ApiWatcher) => void,
    /** Hand out the storage event's decoded object, deep-frozen, instead of a copy (read-only clients). */
    private readonly shareObjects = false,
  ) {
    this.minRevision = startRevision;
    for (let i = 0; i < INDEXED_FIELDS.length; i++) {
      const pinned = selectors.fields.find((f) => f.field === INDEXED_FIELDS[i] && f.operator === '=');
      if (pinned) {
        this.indexField = i;
        this.indexValue = pinned.value;
        break;
      }
    }
    const requirements = selectors.labels.length + selectors.fields.length;
    this.pinnedField = this.indexField < 0 ? '' : INDEXED_FIELDS[this.indexField];
    if (requirements === 0) this.liveTest = namespace ? 'namespace' : 'all';
    else if (namespace || selectors.labels.length > 0) this.liveTest = 'passes';
    else this.liveTest = requirements === 1 && this.indexField >= 0 ? 'pinned-field' : 'fields';
  }

  /** active is true until the stream is stopped or closed. */
  get active(): boolean {
    return !this.stopped;
  }

  /**
   * passes tells whether an object (with its selectable fields) is in this watch's namespace and
   * selectors. deliverView asks it only for the watches its liveTest does not test inline.
   */
  private passes(object: KubeObject, fields: Record<string, string>): boolean {
    if (this.namespace && (object.metadata?.namespace ?? '') !== this.namespace) return false;
    const labels = this.selectors.labels;
    if (labels.length && !matchesLabels(labels, object.metadata?.labels)) return false;
    // matchesFields written out (as in deliverView's 'fields' test). A requirement fails when the
    // value's equality differs from what the operator asks (`=` asks equal, `!=` not): one
    // comparison of booleans rather than a branch per operator.
    const requirements = this.selectors.fields;
    for (let i = 0; i < requirements.length; i++) {
      const requirement = requirements[i];
      if (((fields[requirement.field] ?? '') === requirement.value) !== (requirement.operator === '=')) return false;
    }
    return true;
  }

  private copy(text: string, revision: number): KubeObject {
    const object = decodeFromStorage(text, revision);
    // Stored objects nearly always say what they are: written only when missing.
    if (object.apiVersion == null) object.apiVersion = apiVersionOf(this.store.info);
    if (object.kind == null) object.kind = this.store.info.kind;
    return object;
  }

  /** objectOf is what the watcher sends for the event's current `object`: a copy, or the shared one. */
  private objectOf(event: StorageEvent, object: KubeObject): KubeObject {
    if (this.shareObjects && object.apiVersion !== undefined && object.kind !== undefined) return deepFreeze(object);
    return this.copy(event.objectText, event.revision);
  }

  private send(type: WatchEventType, object: KubeObject | Status): void {
    if (!this.stopped) this.sink.event({ type, object } as ApiWatchEvent);
  }

  /**
   * deliver sends the API event a storage event means for this watcher, if any. Events at or below
   * minRevision were covered already, except `initial` ones: the synthetic ADDED of the starting state.
   */
  deliver(event: StorageEvent, initial = false): void {
    if (this.stopped || (!initial && event.revision <= this.minRevision)) return;
    if (initial) {
      if (event.type !== 'PUT') return;
      const object = event.object;
      if (this.passes(object, event.fields)) this.send('ADDED', this.objectOf(event, object));
      return;
    }
    this.deliverView(event.view());
  }

  /** wants tells whether an event at `revision` is still news to this watcher (see deliverView). */
  wants(revision: number): boolean {
    return !this.stopped && revision > this.minRevision;
  }

  /**
   * deliverView is deliver() for a change whose objects were read already (see DeliveryView), for
   * a watcher that wants it: its callers (deliver, the cacher) have asked wants() first, so the
   * stream is open and the event goes to the sink without send's check, and nothing on the way
   * can stop it. objectOf is written out here: every watcher is handed nearly every event.
   */
  deliverView(view: DeliveryView): void {
    const prevObject = view.previous;
    let now: boolean;
    let before: boolean;
    // The tests of passes for the four simple cases, written out (see liveTest). A view's object
    // and fields are always there, and its previous fields are there whenever its previous object is.
    const test = this.liveTest;
    if (test === 'all') {
      now = view.type === 'PUT';
      before = prevObject !== undefined;
    } else if (test === 'namespace') {
      // Read from the selectable fields, which every strategy fills with metadata.namespace (as
      // baseFields does): one shape per resource there, where the objects come in several (created,
      // bound, patched), each new one a deoptimization of this function in V8.
      const namespace = this.namespace;
      now = view.type === 'PUT' && (view.currentFields['metadata.namespace'] ?? '') === namespace;
      before = prevObject !== undefined && (view.previousFields!['metadata.namespace'] ?? '') === namespace;
    } else if (test === 'pinned-field') {
      const field = this.pinnedField;
      const value = this.indexValue;
      now = view.type === 'PUT' && (view.currentFields[field] ?? '') === value;
      before = prevObject !== undefined && (view.previousFields![field] ?? '') === value;
    } else if (test === 'fields') {
      // Both objects against the field requirements in one walk (the scheduler's watch of
      // unfinished pods, handed every pod event), instead of a call of passes for each.
      const requirements = this.selectors.fields;
      const fields = view.currentFields;
      const prevFields = view.previousFields!;
      now = view.type === 'PUT';
      before = prevObject !== undefined;
      for (let i = 0; i < requirements.length; i++) {
        const requirement = requirements[i];
        const wantsEqual = requirement.operator === '=';
        if (now && ((fields[requirement.field] ?? '') === requirement.value) !== wantsEqual) now = false;
        if (before && ((prevFields[requirement.field] ?? '') === requirement.value) !== wantsEqual) before = false;
      }
    } else {
      now = view.type === 'PUT' && this.passes(view.current, view.currentFields);
      before = prevObject !== undefined && this.passes(prevObject, view.previousFields!);
    }
    let type: WatchEventType;
    if (now) type = before ? 'MODIFIED' : 'ADDED';
    else if (!before) return;
    else if (view.type === 'DELETE') type = 'DELETED';
    else {
      // Moved out of the selectors: the previous object, as it was, is what the client last saw.
      if (view.prevText) this.sink.event({ type: 'DELETED', object: this.copy(view.prevText, view.revision) } as ApiWatchEvent);
      return;
    }
    const object = view.current;
    const sent = view.shareable && this.shareObjects ? (freezeGuardOn ? freezeThrough(object) : object) : this.copy(view.objectText, view.revision);
    this.sink.event({ type, object: sent } as ApiWatchEvent);
  }

  /** fail sends an ERROR event carrying a Status (410 Expired…) and ends the stream. */
  fail(status: Status): void {
    this.send('ERROR', status);
    this.stop();
  }

  /** stop ends the stream from the server side (client close, restart, error). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop(this);
    this.sink.end();
  }

  /** close is the client hanging up: unregister without writing to a closed stream. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop(this);
  }
}
