import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Requests } from '../scheduler/pod-info';
import { AdmittedRequests, type RequestsHolder } from './admitted-requests';

/** walk is what admission summed before the sum was kept: every worker's requests, in map order. */
function walk(workers: ReadonlyMap<string, RequestsHolder>): Requests {
  const total = { milliCpu: 0, memory: 0 };
  for (const worker of workers.values()) {
    total.milliCpu += worker.requests.milliCpu;
    total.memory += worker.requests.memory;
  }
  return total;
}

// Fractional values too: a sum kept in another order than the walk's would differ in the last bits.
const requestsArb = fc.record({ milliCpu: fc.double({ min: 0, max: 1e6, noNaN: true }), memory: fc.double({ min: 0, max: 1e12, noNaN: true }) });
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('admit' as const), requests: requestsArb }),
  fc.record({ kind: fc.constant('finish' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('resize' as const), at: fc.nat(), requests: requestsArb }),
  fc.record({ kind: fc.constant('unadmitted' as const), requests: requestsArb }),
);

describe('AdmittedRequests', () => {
  it('sums what a walk over the workers sums, bit for bit, through admissions, departures and spec changes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const workers = new Map<string, { requests: Requests }>();
        const admitted = new AdmittedRequests();
        let next = 0;
        for (const op of ops) {
          if (op.kind === 'admit') {
            // Admission reads the total first, then the worker joins with the requests it computed.
            const used = admitted.total(workers);
            const expected = walk(workers);
            expect(Object.is(used.milliCpu, expected.milliCpu) && Object.is(used.memory, expected.memory)).toBe(true);
            workers.set(`w${next++}`, { requests: op.requests });
            admitted.added(op.requests, workers);
          } else if (op.kind === 'unadmitted') {
            workers.set(`w${next++}`, { requests: op.requests });
            admitted.dropped();
          } else if (workers.size > 0) {
            const key = [...workers.keys()][op.at % workers.size];
            if (op.kind === 'finish') workers.delete(key);
            else workers.get(key)!.requests = op.requests;
            admitted.dropped();
          }
        }
        const total = admitted.total(workers);
        const expected = walk(workers);
        expect([total.milliCpu, total.memory]).toEqual([expected.milliCpu, expected.memory]);
        expect(Object.is(total.milliCpu, expected.milliCpu) && Object.is(total.memory, expected.memory)).toBe(true);
      }),
    );
  });

  it('walks again when the map lost a worker it was not told about', () => {
    const workers = new Map<string, { requests: Requests }>();
    const admitted = new AdmittedRequests();
    for (const [name, milliCpu] of [['a', 100], ['b', 200]] as const) {
      admitted.total(workers);
      workers.set(name, { requests: { milliCpu, memory: milliCpu * 1024 } });
      admitted.added(workers.get(name)!.requests, workers);
    }
    expect(admitted.total(workers)).toEqual({ milliCpu: 300, memory: 300 * 1024 });
    workers.delete('a');
    expect(admitted.total(workers)).toEqual({ milliCpu: 200, memory: 200 * 1024 });
  });
});
