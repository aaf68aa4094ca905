/**
 * Continue tokens for paged lists, shaped like the real ones: base64 of
 * `{"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<next key, relative to the prefix>"}`.
 * Base64 is written out here because QuickJS has no btoa/atob.
 */
import { badRequest, StatusError } from '../../api/status';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(text: string): string {
  const bytes = Array.from(unescape(encodeURIComponent(text)), (c) => c.charCodeAt(0));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = bytes.slice(i, i + 3);
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

function fromBase64(encoded: string): string {
  const clean = encoded.replace(/=+$/, '');
  if (/[^A-Za-z0-9+/]/.test(clean)) throw new Error('not base64');
  let bits = 0;
  let buffer = 0;
  let binary = '';
  for (const ch of clean) {
    buffer = (buffer << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      binary += String.fromCharCode((buffer >> bits) & 255);
    }
  }
  return decodeURIComponent(escape(binary));
}

/** encodeContinue builds the token for the next page. */
export function encodeContinue(revision: number, startKeyRelative: string): string {
  return toBase64(JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start: startKeyRelative }));
}

/** decodeContinue reads a token back; a malformed one is a 400, as in the real server. */
export function decodeContinue(token: string): { revision: number; start: string } {
  try {
    const parsed = JSON.parse(fromBase64(token)) as { v?: string; rv?: number; start?: string };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad fields');
    return { revision: parsed.rv, start: parsed.start };
  } catch {
    throw new StatusError(badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
  }
}
