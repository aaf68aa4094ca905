/**
 * Share links: the edited code of one step travels in the URL fragment, deflated with fflate and
 * written as base64url, so it never reaches a server and a link stays short enough to paste.
 * Format: `#share=<step id>.<base64url deflate-raw of the UTF-8 code>`.
 */
import { Inflate, deflateSync, strToU8 } from 'fflate';

/** SHARE_PARAM is the fragment key that marks a share link. */
export const SHARE_PARAM = 'share=';

/** MAX_SHARED_CODE_BYTES bounds what a link may inflate to, so a crafted link cannot exhaust memory. */
export const MAX_SHARED_CODE_BYTES = 256 * 1024;

/** SharedStep is what a share link carries. */
export interface SharedStep {
  step: string;
  code: string;
}

/** ShareLinkError is a share fragment that cannot be read; the message says why, for the reader. */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

/** base64UrlEncode writes bytes as unpadded base64url. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short for long code.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64UrlDecode reads unpadded (or padded) base64url; throws ShareLinkError on other characters. */
export function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new ShareLinkError('the link’s code is not valid base64url (was it cut short or changed?)');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  let binary: string;
  try {
    binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  } catch {
    throw new ShareLinkError('the link’s code is not valid base64url (was it cut short?)');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** encodeShareFragment builds the fragment (without `#`) for one step's code. */
export function encodeShareFragment(shared: SharedStep): string {
  if (!/^[\w-]+$/.test(shared.step)) throw new ShareLinkError(`step id ${JSON.stringify(shared.step)} may only hold letters, digits, "-" and "_"`);
  return `${SHARE_PARAM}${shared.step}.${base64UrlEncode(deflateSync(strToU8(shared.code), { level: 9 }))}`;
}

function inflateBounded(compressed: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size > MAX_SHARED_CODE_BYTES) throw new ShareLinkError(`the shared code is larger than ${MAX_SHARED_CODE_BYTES / 1024} KB`);
    chunks.push(chunk);
  });
  try {
    // fflate inflates each push in one go; small pushes keep one push's output near 1 MB at most.
    const step = 1024;
    for (let offset = 0; offset < compressed.length; offset += step) {
      inflate.push(compressed.subarray(offset, offset + step), offset + step >= compressed.length);
    }
    if (compressed.length === 0) inflate.push(compressed, true);
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError('the link’s code could not be decompressed (was it cut short?)');
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * decodeShareFragment reads a location hash (with or without `#`). Returns undefined when the
 * fragment is not a share link at all, and throws ShareLinkError when it is one but broken.
 */
export function decodeShareFragment(hash: string): SharedStep | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith(SHARE_PARAM)) return undefined;
  const body = fragment.slice(SHARE_PARAM.length);
  const dot = body.indexOf('.');
  if (dot <= 0) throw new ShareLinkError('the link names no step (expected #share=<step>.<code>)');
  const step = decodeURIComponent(body.slice(0, dot));
  const bytes = inflateBounded(base64UrlDecode(body.slice(dot + 1)));
  let code: string;
  try {
    code = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareLinkError('the shared code is not valid UTF-8 text');
  }
  return { step, code };
}
