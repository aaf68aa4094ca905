/**
 * JSON patch (RFC 6902): add, remove, replace, move, copy and test on JSON pointers (RFC 6901).
 * Errors read like the evanphx/json-patch messages the real server returns.
 */
import { PatchError } from './patch-error';

type Container = Record<string, unknown> | unknown[];

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`, true);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * has tells whether a document node holds `token` itself: the document is JSON, so what only a
 * prototype has (`__proto__`, `constructor`, `toString`) is missing, as in the real server's JSON
 * maps, and a patch can never write through it into a prototype (Object.prototype is every object's).
 */
function has(node: object, token: string): boolean {
  return Object.prototype.hasOwnProperty.call(node, token);
}

function resolveParent(document: unknown, tokens: string[], path: string): { parent: Container; last: string } {
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    if (typeof node !== 'object' || node === null || !has(node, token)) throw new PatchError(`doc is missing path: "${path}": missing value`);
    node = (node as Record<string, unknown>)[token];
  }
  if (typeof node !== 'object' || node === null) throw new PatchError(`doc is missing path: "${path}": missing value`);
  return { parent: node as Container, last: tokens[tokens.length - 1] };
}

function arrayIndex(array: unknown[], token: string, forInsert: boolean, path: string): number {
  if (forInsert && token === '-') return array.length;
  const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : NaN;
  if (Number.isNaN(index) || index > array.length || (!forInsert && index === array.length)) {
    throw new PatchError(`unable to access invalid index: ${token}: doc is missing path: "${path}"`);
  }
  return index;
}

function get(document: unknown, path: string): unknown {
  let node = document;
  for (const token of parsePointer(path)) {
    if (typeof node !== 'object' || node === null || !has(node, token)) throw new PatchError(`doc is missing path: "${path}": missing value`);
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function add(document: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = resolveParent(document, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, path), 0, value);
  // A `__proto__` member is no field of any Kubernetes type: the real server adds it to its JSON map
  // and drops it when decoding; assigned here, it would set the parent's prototype.
  else if (last !== '__proto__') parent[last] = value;
  return document;
}

function remove(document: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  const { parent, last } = resolveParent(document, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, path), 1);
  else {
    if (!has(parent, last)) throw new PatchError(`Unable to remove nonexistent key: ${last}: missing value`);
    delete parent[last];
  }
  return document;
}

/** applyJsonPatch applies the operations in order; any failure rejects the whole patch. */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', true);
  let doc = document;
  for (const raw of patch as Operation[]) {
    if (typeof raw !== 'object' || raw === null || typeof raw.path !== 'string') throw new PatchError('invalid JSON patch operation: missing path', true);
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, raw.value);
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'replace':
        get(doc, raw.path);
        doc = add(remove(doc, raw.path), raw.path, raw.value);
        break;
      case 'move': {
        const value = get(doc, raw.from ?? '');
        doc = add(remove(doc, raw.from ?? ''), raw.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, JSON.parse(JSON.stringify(get(doc, raw.from ?? ''))));
        break;
      case 'test':
        if (JSON.stringify(get(doc, raw.path)) !== JSON.stringify(raw.value)) throw new PatchError(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(raw.op)}`, true);
    }
  }
  return doc;
}
