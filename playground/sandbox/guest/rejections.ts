/**
 * trackRejections notices promises that reject while nobody handles them, which the sandbox must
 * report: quickjs-emscripten exposes no host promise-rejection tracker, so this is done in the guest.
 *
 * How: the global `Promise` becomes a thin constructor that shares the intrinsic prototype (so
 * `instanceof Promise` and subclassing keep working) and notes every rejection of a promise made
 * through it, which covers `new Promise`, `Promise.reject`, `.then` chains and the combinators.
 * `Promise.prototype.then` marks a promise as handled. Because `promise.constructor` is no longer
 * the intrinsic one, `await` takes the spec's "foreign promise" path and calls `then` too, so an
 * awaited rejection counts as handled. The price: such an await costs two more microtask turns,
 * which only changes the interleaving of independent promise chains, deterministically.
 *
 * Not seen: a floating async function call that throws (its promise is made by the engine, not by
 * `Promise`), and a promise that adopts a rejected thenable. Those stay silent, as they would in a
 * browser console that was closed.
 */

/** RejectionTracker reports the first rejection nobody handled since the last check. */
export interface RejectionTracker {
  /** takeUnhandled returns the reason of the oldest unhandled rejection (and forgets all), if any. */
  takeUnhandled(): { found: true; reason: unknown } | { found: false };
}

const MAX_REMEMBERED = 1_000;

/** trackRejections replaces the global Promise (once) and returns the tracker. */
export function trackRejections(): RejectionTracker {
  const NativePromise = Promise;
  const nativeThen = NativePromise.prototype.then;
  const handled = new WeakSet<object>();
  const rejected: { promise: object; reason: unknown }[] = [];

  function TrackedPromise(this: unknown, executor: unknown): object {
    if (!new.target) throw new TypeError("Promise constructor cannot be invoked without 'new'");
    if (typeof executor !== 'function') return Reflect.construct(NativePromise, [executor], new.target);
    let settled = false;
    let rejectedEarly: { reason: unknown } | undefined;
    let promise: object | undefined;
    const noteRejection = (reason: unknown) => {
      if (promise) {
        if (rejected.length < MAX_REMEMBERED) rejected.push({ promise, reason });
      } else {
        rejectedEarly = { reason };
      }
    };
    promise = Reflect.construct(
      NativePromise,
      [
        (resolve: (value: unknown) => void, reject: (reason: unknown) => void) => {
          const rejectAndNote = (reason: unknown) => {
            if (!settled) {
              settled = true;
              noteRejection(reason);
            }
            reject(reason);
          };
          const resolveOnce = (value: unknown) => {
            settled = true;
            resolve(value);
          };
          try {
            (executor as (res: unknown, rej: unknown) => void)(resolveOnce, rejectAndNote);
          } catch (error) {
            rejectAndNote(error);
          }
        },
      ],
      new.target,
    ) as object;
    if (rejectedEarly && rejected.length < MAX_REMEMBERED) rejected.push({ promise, reason: rejectedEarly.reason });
    return promise;
  }

  Object.setPrototypeOf(TrackedPromise, NativePromise);
  Object.defineProperty(TrackedPromise, 'name', { value: 'Promise' });
  Object.defineProperty(TrackedPromise, 'prototype', { value: NativePromise.prototype, writable: false });
  Object.defineProperty(NativePromise.prototype, 'constructor', { value: TrackedPromise, writable: true, configurable: true });
  Object.defineProperty(NativePromise.prototype, 'then', {
    value: function then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
      if (this !== null && typeof this === 'object') handled.add(this);
      return nativeThen.call(this, onFulfilled as never, onRejected as never);
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(globalThis, 'Promise', { value: TrackedPromise, writable: true, configurable: true, enumerable: false });

  return {
    takeUnhandled() {
      const first = rejected.find((entry) => !handled.has(entry.promise));
      rejected.length = 0;
      return first ? { found: true, reason: first.reason } : { found: false };
    },
  };
}
