/**
 * setHiddenNote records something the API server knows about an object it made, as a hidden
 * property: a symbol key, not enumerable, so JSON, spreads, Object.keys, for-in, structuredClone
 * and the console never see it, and no copy carries it. The registry notes fresh objects this way
 * (their stored text, what a copy holds, a spec found to decode) instead of in WeakMaps: every
 * write brings fresh objects, and V8 paid a microsecond or more for each WeakMap insertion, plus
 * ephemeron work in every scavenge. An object is noted before it is frozen, while only its maker
 * holds it; reading a note is a plain property read (`object[KEY]`).
 */

/** The descriptor of every note, its value set each time: no descriptor object made per note. */
const NOTE: PropertyDescriptor = { value: undefined, writable: true };

/** setHiddenNote sets the hidden property `key` of `object` to `value` (see above). */
export function setHiddenNote(object: object, key: symbol, value: unknown): void {
  NOTE.value = value;
  Object.defineProperty(object, key, NOTE);
  NOTE.value = undefined;
}
