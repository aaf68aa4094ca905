/**
 * Patch application for PATCH requests, chosen by Content-Type: JSON merge patch (RFC 7386),
 * strategic merge patch (Kubernetes' list-aware merge) and JSON patch (RFC 6902).
 * Written here rather than taken from a library because the strategic variant needs Kubernetes'
 * per-field merge keys, and QuickJS must run it without Node built-ins.
 */
import { PATCH_CONTENT_TYPES, type PatchType } from './client';
import { applyJsonPatch } from './patch-json';
import { mergePatch, strategicMergePatch } from './patch-merge';
import { PatchError } from './patch-error';

export { PatchError } from './patch-error';

/** patchTypeOf maps a Content-Type to a patch type (undefined → 415 Unsupported Media Type). */
export function patchTypeOf(contentType: string): PatchType | undefined {
  const entry = Object.entries(PATCH_CONTENT_TYPES).find(([, value]) => value === contentType);
  return entry ? (entry[0] as PatchType) : undefined;
}

/**
 * applyPatch returns the patched document. `original` is left alone unless `owned` says the caller
 * made it for this patch alone (then it is patched in place instead of being copied first).
 */
export function applyPatch(type: PatchType, original: unknown, patch: unknown, options: { owned?: boolean } = {}): unknown {
  const copy = options.owned ? original : (JSON.parse(JSON.stringify(original)) as unknown);
  if (type === 'json') return applyJsonPatch(copy, patch);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new PatchError('invalid JSON document: a merge patch must be a JSON object', true);
  }
  return type === 'merge' ? mergePatch(copy, patch) : strategicMergePatch(copy, patch);
}
