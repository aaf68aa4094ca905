/**
 * Resource quantities as Kubernetes writes them (`500m`, `2`, `128Mi`, `1G`, `1e3`), parsed into
 * plain numbers once (k8s.io/apimachinery's resource.Quantity): the API server's checks, the QoS
 * class, the scheduler's per-node checks and the kubelet's admission all compare numbers. Written
 * by hand because the grammar is tiny and no maintained JS library models resource.Quantity.
 */

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * Parsed strings, because the same few quantities (`100m`, `128Mi`) come back with every pod
 * object the informers deliver, and the regular expression is the expensive part. Bounded: emptied
 * when it grows past PARSED_LIMIT distinct strings.
 */
const parsed = new Map<string, number>();
const PARSED_LIMIT = 4096;
/**
 * CPU strings in millicores and memory strings in bytes, as parseCpuMillis and parseMemoryBytes
 * last answered them: a pod's requests are read by the API server, the scheduler and the kubelet,
 * and the rounding after parseQuantity is three more calls each time in QuickJS.
 */
const parsedMillis = new Map<string, number>();
const parsedBytes = new Map<string, number>();

/** remember keeps `value` for `key` in one of the parsed-string maps, emptying it first when full. */
function remember(map: Map<string, number>, key: string, value: number): void {
  if (map.size >= PARSED_LIMIT) map.clear();
  map.set(key, value);
}

/** parseQuantity turns a quantity string into its value in base units (cores, bytes, count). */
export function parseQuantity(value: string | number): number {
  // The parsed strings first: nearly every call (a pod's requests, a node's allocatable) brings a
  // string parsed before, and the map holds strings only, so a number or anything else misses.
  const known = parsed.get(value as string);
  if (known !== undefined) return known;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`quantities must be finite numbers, got ${value}`);
    return value;
  }
  if (typeof value !== 'string') return parseQuantityString(value);
  const result = parseQuantityString(value);
  remember(parsed, value, result);
  return result;
}

function parseQuantityString(value: unknown): number {
  const match = QUANTITY.exec(String(value).trim());
  if (!match) {
    throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got ${JSON.stringify(value)}`);
  }
  const number = Number(match[1]);
  if (match[2]) return number * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  return number * (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix]);
}

/** parseCpuMillis returns CPU in millicores, rounded up as Kubernetes' MilliValue does (`0.1` → 100). */
export function parseCpuMillis(value: string | number): number {
  const known = parsedMillis.get(value as string);
  if (known !== undefined) return known;
  const millis = Math.ceil(Math.round(parseQuantity(value) * 1e6) / 1e3);
  if (typeof value === 'string') remember(parsedMillis, value, millis);
  return millis;
}

/** parseMemoryBytes returns memory (or any byte quantity) in bytes, rounded up to a whole byte. */
export function parseMemoryBytes(value: string | number): number {
  const known = parsedBytes.get(value as string);
  if (known !== undefined) return known;
  const bytes = Math.ceil(parseQuantity(value));
  if (typeof value === 'string') remember(parsedBytes, value, bytes);
  return bytes;
}

/** formatMemory renders bytes with the largest exact binary suffix (`2Gi`, `1536Mi`, `8123456Ki`). */
export function formatMemory(bytes: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY_SUFFIXES[suffix];
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** formatCpu renders millicores as Kubernetes does: whole cores as `2`, the rest as `1500m`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}
