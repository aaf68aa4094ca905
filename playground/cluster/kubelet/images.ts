/**
 * Container images as containerd names them: short references are expanded to
 * `docker.io/library/<name>:<tag>`, digests and sizes are derived from the name so that the same
 * image has the same ID on every node and in every run, and a few well-known images carry their
 * real compressed sizes.
 */

/** KNOWN_IMAGE_SIZES holds sizes (bytes) of images the chapters use. */
const KNOWN_IMAGE_SIZES: Record<string, number> = {
  'docker.io/library/nginx:1.27': 72_195_292,
  'docker.io/library/nginx:latest': 72_195_292,
  'docker.io/library/busybox:1.36': 2_160_406,
  'docker.io/library/busybox:latest': 2_160_406,
  'registry.k8s.io/pause:3.10': 320_368,
};

/** PAUSE_IMAGE is the sandbox ("infra") image every pod sandbox runs. */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

/**
 * Derived strings by image, remembered: a pod start asks for the same image's normal form, tag,
 * digest and size about ten times. Bounded (emptied when full) so that a reader's loop over
 * generated image names cannot grow it without end; every value is a pure function of its key.
 */
const MEMO_LIMIT = 1024;
const normalized = new Map<string, string>();
const digestRefs = new Map<string, string>();
const tags = new Map<string, string>();
const sizes = new Map<string, number>();

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** normalizeImage expands `nginx:1.27` to `docker.io/library/nginx:1.27` and adds `:latest` when no tag is given. */
export function normalizeImage(image: string): string {
  return normalized.get(image) ?? remember(normalized, image, computeNormalized(image));
}

function computeNormalized(image: string): string {
  let reference = image.trim();
  const slash = reference.indexOf('/');
  const firstPart = slash >= 0 ? reference.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost');
  if (!hasRegistry) reference = `docker.io/${slash >= 0 ? '' : 'library/'}${reference}`;
  const lastPart = reference.slice(reference.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) reference += ':latest';
  return reference;
}

/** imageTag is the tag of a reference (`latest` when there is none). */
export function imageTag(image: string): string {
  return tags.get(image) ?? remember(tags, image, computeTag(image));
}

function computeTag(image: string): string {
  const normalized = normalizeImage(image);
  const lastPart = normalized.slice(normalized.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : 'latest';
}

/** imagePullFails is the simulation's rule for images that do not exist: `doesnotexist` in the name, or tag `broken`. */
export function imagePullFails(image: string): boolean {
  return image.includes('doesnotexist') || imageTag(image) === 'broken';
}

/** hashHex derives `length` hex digits from a string (FNV-1a, iterated): stable fake digests. */
export function hashHex(text: string, length = 64): string {
  let out = '';
  let round = 0;
  while (out.length < length) {
    let hash = 0x811c9dc5 ^ round++;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** imageDigestRef is the imageID containerd reports: `<repository>@sha256:<digest>`. */
export function imageDigestRef(image: string): string {
  const known = digestRefs.get(image);
  if (known !== undefined) return known;
  const reference = normalizeImage(image);
  const repository = reference.slice(0, reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference.lastIndexOf(':') : reference.length);
  return remember(digestRefs, image, `${repository}@sha256:${hashHex(reference)}`);
}

/** imageSize is the image's size in bytes: the real one for known images, a stable made-up one otherwise. */
export function imageSize(image: string): number {
  const known = sizes.get(image);
  if (known !== undefined) return known;
  const reference = normalizeImage(image);
  return remember(sizes, image, KNOWN_IMAGE_SIZES[reference] ?? 5_000_000 + (parseInt(hashHex(reference, 8), 16) % 95_000_000));
}

/** goDuration prints milliseconds like Go's time.Duration: `512ms`, `2s`, `2.5s`, `1m4s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  // A whole number of ms under a minute (every pull the kubelet reports: two per Pulled event)
  // prints as ms / 1000 does: that is the double nearest the three-decimal value, and a number
  // prints as the shortest text that reads back as it, which is that value. trimSeconds' rounding
  // and the two conversions it costs change nothing there (checked for every such ms).
  if (ms < 60_000 && ms % 1 === 0) return `${ms / 1000}s`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${trimSeconds(totalSeconds)}s`;
  const minutes = Math.floor(totalSeconds / 60);
  return `${minutes}m${trimSeconds(totalSeconds - minutes * 60)}s`;
}

function trimSeconds(seconds: number): string {
  return String(Number(seconds.toFixed(3)));
}
