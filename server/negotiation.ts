/**
 * negotiate reads an Accept header the way kube-apiserver's content negotiation does: media
 * ranges in order, the first one the server can produce wins. Besides plain JSON that can be a
 * Table (`as=Table;g=meta.k8s.io;v=v1`) for resource reads, or aggregated discovery
 * (`as=APIGroupDiscoveryList;g=apidiscovery.k8s.io;v=v2|v2beta1`) for /api and /apis. Protobuf
 * is never produced, so clients that list it first (kubectl describe) fall through to JSON.
 */

/** Negotiated is what the response should be rendered as. */
export type Negotiated = { as: 'json' } | { as: 'table' } | { as: 'discovery'; version: 'v2' | 'v2beta1' } | { as: 'none' };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [type, ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    });
}

const isJson = (type: string) => type === 'application/json' || type === 'application/*' || type === '*/*';

/** negotiate picks the rendering for a request with this Accept header (missing = JSON). */
export function negotiate(accept: string | undefined, options: { discovery: boolean; resource: boolean }): Negotiated {
  if (!accept || !accept.trim()) return { as: 'json' };
  for (const range of parseAccept(accept)) {
    if (!isJson(range.type)) continue;
    const { as, g, v } = range.params;
    if (!as) return { as: 'json' };
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1') && options.resource) return { as: 'table' };
    if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && (v === 'v2' || v === 'v2beta1') && options.discovery) return { as: 'discovery', version: v };
  }
  return { as: 'none' };
}
