import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenEvents } from './seen-events';

type Parts = [objectId: string, fieldPath: string, type: string, reason: string, message: string];

/** The recorder's former memory: one Map keyed by the NUL-joined parts, least recently used first. */
class ReferenceLru {
  readonly map = new Map<string, number>();
  constructor(private readonly capacity: number) {}
  /** record returns the count after this occurrence (1 for an event not remembered). */
  record(parts: Parts): number {
    const key = parts.join('\u0000');
    const count = (this.map.get(key) ?? 0) + 1;
    this.map.delete(key);
    this.map.set(key, count);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return count;
  }
}

function record(seen: SeenEvents, parts: Parts): number {
  const found = seen.touch(...parts);
  if (found) return ++found.count;
  seen.add(...parts, 'default', `${parts[0]}.event`);
  return 1;
}

describe('SeenEvents', () => {
  it('tells events apart by every part, and finds a repeat whatever came between', () => {
    const seen = new SeenEvents(10);
    const base: Parts = ['uid-a', '', 'Normal', 'Pulled', 'Pulled image'];
    expect(record(seen, base)).toBe(1);
    expect(record(seen, ['uid-b', '', 'Normal', 'Pulled', 'Pulled image'])).toBe(1);
    expect(record(seen, ['uid-a', 'spec.containers{app}', 'Normal', 'Pulled', 'Pulled image'])).toBe(1);
    expect(record(seen, ['uid-a', '', 'Warning', 'Pulled', 'Pulled image'])).toBe(1);
    expect(record(seen, ['uid-a', '', 'Normal', 'Created', 'Pulled image'])).toBe(1);
    expect(record(seen, ['uid-a', '', 'Normal', 'Pulled', 'Pulled image again'])).toBe(1);
    expect(record(seen, base)).toBe(2);
    expect(seen.size).toBe(6);
    expect(seen.events().at(-1)?.message).toBe('Pulled image');
  });

  it('forgets the least recently seen event past its capacity, in the same order as a Map-based LRU', () => {
    const part = (values: string[]) => fc.constantFrom(...values);
    const parts = fc.tuple(part(['u1', 'u2', '']), part(['', 'spec.containers{a}']), part(['Normal', 'Warning']), part(['Pulled', 'Created']), part(['m1', 'm2', 'm3']));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(parts, { maxLength: 120 }), (capacity, occurrences) => {
        const seen = new SeenEvents(capacity);
        const reference = new ReferenceLru(capacity);
        for (const occurrence of occurrences) expect(record(seen, occurrence as Parts)).toBe(reference.record(occurrence as Parts));
        expect(seen.size).toBe(reference.map.size);
        expect(seen.events().map((e) => [e.objectId, e.fieldPath, e.type, e.reason, e.message].join('\u0000'))).toEqual([...reference.map.keys()]);
      }),
      { numRuns: 300 },
    );
  });

  it('forgets an event from the middle of its object\'s events and keeps the ones added before it', () => {
    const seen = new SeenEvents(3);
    const about = (message: string): Parts => ['uid-a', '', 'Normal', 'Pulled', message];
    record(seen, about('first'));
    record(seen, about('second'));
    record(seen, about('third'));
    expect(record(seen, about('first'))).toBe(2); // now the most recent: "second" is the least
    record(seen, ['uid-b', '', 'Normal', 'Pulled', 'other']); // pushes "second" out
    expect(seen.events().map((e) => e.message)).toEqual(['third', 'first', 'other']);
    expect(record(seen, about('first'))).toBe(3);
    expect(record(seen, about('second'))).toBe(1);
  });
});
