/**
 * Freezing is a development guard on the objects the control plane shares instead of copying: the
 * watch cache's decoded objects (handed to the components' informers), the objects the store just
 * wrote, and etcd's KeyValues. None of them may ever change; frozen, any write throws where it
 * happens instead of corrupting a cache far away. The guard is on by default, so every test runs
 * with it. The page's sandbox turns it off (playground/sandbox/kube-entry.ts): QuickJS gives each
 * frozen object a shape of its own, which cost about 10% of the speed and 100 MB of memory at
 * 10,000 pods, and the code that shares objects is the same either way.
 */
let guard = true;

/** freezeGuardOn is the guard itself, a live binding: hot code tests it instead of calling freezeGuarded. */
export { guard as freezeGuardOn };

/** setFreezeGuard turns freezing of shared objects on or off (for the whole module instance). */
export function setFreezeGuard(on: boolean): void {
  guard = on;
}

/** freezeGuarded freezes one object (not its children) while the guard is on. */
export function freezeGuarded<T extends object>(value: T): T {
  return guard ? Object.freeze(value) : value;
}

/**
 * deepFreeze freezes plain JSON data through and through while the guard is on. Already-frozen
 * parts are skipped (they were frozen the same way).
 */
export function deepFreeze<T>(value: T): T {
  return guard ? freezeThrough(value) : value;
}

/**
 * freezeThrough freezes plain JSON data through and through whatever the guard says: for shared
 * objects handed to code that is not ours (a scheduler plugin from step code), where a write must
 * fail on the spot in the page too. Already-frozen parts are skipped.
 */
export function freezeThrough<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key in value) freezeThrough((value as Record<string, unknown>)[key]);
  return value;
}
