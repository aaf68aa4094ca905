/**
 * SeededIds hands out the identifiers a cluster needs (object uids, container ids, pod IPs, lease
 * ids) from a seeded generator, so two runs with the same seed name everything identically.
 * The generator is mulberry32: tiny, fast and good enough for ids; it is not for cryptography.
 */
export class SeededIds {
  private state: number;
  private readonly counters = new Map<string, number>();

  constructor(seed = 1) {
    // Held as a signed 32-bit integer, the same 32 bits as the unsigned seed: see nextWord.
    this.state = (seed >>> 0 || 1) | 0;
  }

  /** next32 returns the next 32-bit unsigned value of the sequence. */
  next32(): number {
    return this.nextWord() >>> 0;
  }

  /**
   * nextWord returns next32's word as a signed 32-bit integer: the same 32 bits. Every step stays in
   * the signed 32-bit range, the bits unchanged (a sum is cut back with `| 0`, as the xor that takes
   * it would): QuickJS does bit operations on such integers at once, but on any other number (an
   * unsigned word of 2^31 or more, half of them, or the sum of two words) goes through a double on
   * a slow path several times as long. hex, uid and suffix take the word's bits, the same either way.
   */
  private nextWord(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= (t + imul(t ^ (t >>> 7), t | 61)) | 0;
    return t ^ (t >>> 14);
  }

  /**
   * hex returns `length` lowercase hex digits: each drawn word's eight digits in turn, the last
   * word's cut short. Their character codes go into one scratch list and out as one string through
   * String.fromCharCode: container and sandbox ids are 64 digits, and concatenating 40 pieces made
   * V8 allocate some 800 bytes of intermediate strings per id.
   */
  hex(length: number): string {
    const codes = HEX_SCRATCH;
    let at = 0;
    while (at < length) {
      const word = this.nextWord();
      codes[at++] = HEX_CODES[word >>> 28];
      codes[at++] = HEX_CODES[(word >>> 24) & 15];
      codes[at++] = HEX_CODES[(word >>> 20) & 15];
      codes[at++] = HEX_CODES[(word >>> 16) & 15];
      codes[at++] = HEX_CODES[(word >>> 12) & 15];
      codes[at++] = HEX_CODES[(word >>> 8) & 15];
      codes[at++] = HEX_CODES[(word >>> 4) & 15];
      codes[at++] = HEX_CODES[word & 15];
    }
    codes.length = length;
    if (length <= APPLY_CHUNK) return fromCharCode.apply(undefined, codes);
    // Engines cap the arguments of one call: a long text is made a chunk at a time.
    let text = '';
    for (let from = 0; from < length; from += APPLY_CHUNK) text += fromCharCode.apply(undefined, codes.slice(from, from + APPLY_CHUNK));
    codes.length = 0;
    return text;
  }

  /**
   * uid returns an RFC 4122 version-4-shaped UUID, as Kubernetes uses for metadata.uid: the same
   * 32 hex digits hex(32) would give, with the version and variant digits set. Built from four
   * words in one String.fromCharCode call, a hex digit's code per argument: every object and
   * event gets one, and concatenating twenty pieces made V8 allocate some twenty intermediate
   * strings (about 600 bytes) per uid and flatten the result on its first use as a key; this
   * makes the one flat string at once, and is quicker in QuickJS too.
   */
  uid(): string {
    const a = this.nextWord();
    const b = this.nextWord();
    // The variant digit (8, 9, a or b: 10xx) replaces the top four bits of the third word.
    const word = this.nextWord();
    const c = (word & 0x0fffffff) | ((((word >>> 28) & 0x3) | 0x8) << 28);
    const d = this.nextWord();
    // The version digit 4 stands in for the top four bits of b's low half; DASH between the groups.
    return fromCharCode(
      HEX_CODES[a >>> 28], HEX_CODES[(a >>> 24) & 15], HEX_CODES[(a >>> 20) & 15], HEX_CODES[(a >>> 16) & 15],
      HEX_CODES[(a >>> 12) & 15], HEX_CODES[(a >>> 8) & 15], HEX_CODES[(a >>> 4) & 15], HEX_CODES[a & 15], DASH,
      HEX_CODES[b >>> 28], HEX_CODES[(b >>> 24) & 15], HEX_CODES[(b >>> 20) & 15], HEX_CODES[(b >>> 16) & 15], DASH,
      FOUR, HEX_CODES[(b >>> 8) & 15], HEX_CODES[(b >>> 4) & 15], HEX_CODES[b & 15], DASH,
      HEX_CODES[c >>> 28], HEX_CODES[(c >>> 24) & 15], HEX_CODES[(c >>> 20) & 15], HEX_CODES[(c >>> 16) & 15], DASH,
      HEX_CODES[(c >>> 12) & 15], HEX_CODES[(c >>> 8) & 15], HEX_CODES[(c >>> 4) & 15], HEX_CODES[c & 15],
      HEX_CODES[d >>> 28], HEX_CODES[(d >>> 24) & 15], HEX_CODES[(d >>> 20) & 15], HEX_CODES[(d >>> 16) & 15],
      HEX_CODES[(d >>> 12) & 15], HEX_CODES[(d >>> 8) & 15], HEX_CODES[(d >>> 4) & 15], HEX_CODES[d & 15],
    );
  }

  /** sequence returns 1, 2, 3… per name: handy for generateName suffixes and event names. */
  sequence(name: string): number {
    const n = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, n);
    return n;
  }

  /** suffix returns a 5-character generateName-style suffix from Kubernetes' alphabet (no vowels). */
  suffix(length = 5): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let out = '';
    // The unsigned word, as next32 gives it: a remainder depends on the sign.
    for (let i = 0; i < length; i++) out += alphabet[(this.nextWord() >>> 0) % alphabet.length];
    return out;
  }
}

/** Math.imul held once: next32 runs for every id, and a global lookup each time is what an interpreter feels. */
const imul = Math.imul;

/** HEX_DIGITS are the 16 lowercase hex digits. */
const HEX_DIGITS = '0123456789abcdef';

/** String.fromCharCode held once, as imul is. */
const fromCharCode = String.fromCharCode;

/** HEX_CODES are the character codes of the 16 hex digits, by value (uid's arguments). */
const HEX_CODES: readonly number[] = Array.from(HEX_DIGITS, (digit) => digit.charCodeAt(0));

/** APPLY_CHUNK is the most character codes hex passes to one String.fromCharCode call. */
const APPLY_CHUNK = 4096;

/** HEX_SCRATCH holds the character codes of the id hex() is building (one list for every call: hex never runs twice at once). */
const HEX_SCRATCH: number[] = [];

/** The codes of `-` and of `4`, the uid's separators and version digit. */
const DASH = 0x2d;
const FOUR = 0x34;

/**
 * HEX8 holds the two lowercase hex digits of every byte, so hex text (the event recorder's name
 * suffixes) costs table lookups instead of a toString(16) and a padStart per word. A byte table rather than a
 * 16-bit one: 256 strings stay in the processor's cache, where 65,536 (a few MB) would not.
 */
export const HEX8: readonly string[] = buildHex8();

function buildHex8(): string[] {
  const table: string[] = [];
  for (let i = 0; i < 256; i++) table.push(HEX_DIGITS[i >>> 4] + HEX_DIGITS[i & 15]);
  return table;
}

/** IpPool allocates IPv4 addresses from a CIDR in order, skipping the network and first address. */
export class IpPool {
  private readonly base: number;
  private readonly size: number;
  private nextOffset = 2;
  private readonly released: number[] = [];

  constructor(readonly cidr: string) {
    const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
    if (!match) throw new Error(`invalid CIDR ${JSON.stringify(cidr)}: expected a.b.c.d/n`);
    const [a, b, c, d, bits] = match.slice(1).map(Number);
    if ([a, b, c, d].some((x) => x > 255) || bits > 30) throw new Error(`invalid CIDR ${cidr}`);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    this.base = (((a << 24) | (b << 16) | (c << 8) | d) & mask) >>> 0;
    this.size = 2 ** (32 - bits);
  }

  /** allocate returns the next free address, or throws when the range is used up. */
  allocate(): string {
    const offset = this.released.length > 0 ? this.released.shift()! : this.nextOffset++;
    if (offset >= this.size - 1) throw new Error(`no free IP left in ${this.cidr}`);
    return IpPool.format(this.base + offset);
  }

  /** release returns an address to the pool; it is reused after every never-used one. */
  release(ip: string): void {
    const parts = ip.split('.').map(Number);
    const value = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
    const offset = value - this.base;
    if (offset >= 2 && offset < this.nextOffset && !this.released.includes(offset)) {
      this.released.push(offset);
      this.released.sort((x, y) => x - y);
    }
  }

  private static format(value: number): string {
    return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  }
}
