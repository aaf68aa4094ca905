import { describe, expect, it } from 'vitest';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { strategicMergePatchShared } from './patch-merge';
import { markPlainItems, plainItemCount } from './plain-items';
import { handOver, LoopTransport } from './transport';

/** servedMerge merges `body` into `target` as the server does while `body` is the wire body of the request it serves. */
function servedMerge(target: unknown, body: object): Record<string, unknown> {
  const loop = new EventLoop();
  let result: unknown;
  const transport = new LoopTransport({ loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) }, {
    handle(request) {
      result = strategicMergePatchShared(target, request.body);
      return { close() {} };
    },
  });
  transport.send('kubelet/node-1', { method: 'PATCH', path: '/api/v1/namespaces/default/pods/p/status', headers: {}, body: handOver(body) }, () => {});
  loop.runUntilQuiet();
  return result as Record<string, unknown>;
}

describe('plain-item marks', () => {
  it('count the leading items vouched for, and nothing else sees them', () => {
    const list = markPlainItems([{ type: 'Ready' }, { type: 'Initialized' }], 1);
    expect(plainItemCount(list)).toBe(1);
    expect(plainItemCount([{ type: 'Ready' }])).toBe(0);
    expect(JSON.stringify(list)).toBe('[{"type":"Ready"},{"type":"Initialized"}]');
    expect(Object.keys(list)).toEqual(['0', '1']);
    // A copy through JSON, as the transport makes of a body not handed over, is unmarked.
    expect(plainItemCount(JSON.parse(JSON.stringify(list)) as unknown[])).toBe(0);
    expect(plainItemCount([...list])).toBe(0);
  });

  it('let the merge of a wire body take vouched-for items over as they are, and walk the rest', () => {
    const target = Object.freeze({ status: Object.freeze({ conditions: Object.freeze([Object.freeze({ type: 'PodScheduled', status: 'True' })]) }) });
    const ready = { type: 'Ready', status: 'False', detail: { reason: 'x' } };
    const extra = { type: 'Extra', status: 'True', nested: { note: 'y' } };
    const result = servedMerge(target, { status: { conditions: markPlainItems([ready, extra], 1) } });
    const conditions = (result.status as { conditions: unknown[] }).conditions;
    expect(conditions).toEqual([{ type: 'PodScheduled', status: 'True' }, ready, extra]);
    expect(conditions[1]).toBe(ready);
    // Not vouched for, but plain: taken over after the walk, as before.
    expect(conditions[2]).toBe(extra);
  });

  it('spare the merge the walk over a vouched-for item', () => {
    // A field that counts its reads: the merge reads an item's merge key and directive only.
    let reads = 0;
    const watched = (): object => Object.defineProperty({ type: 'Ready' }, 'status', { enumerable: true, get: () => (reads++, 'True') });
    servedMerge({ status: { conditions: [] } }, { status: { conditions: markPlainItems([watched()], 1) } });
    expect(reads).toBe(0);
    servedMerge({ status: { conditions: [] } }, { status: { conditions: [watched()] } });
    expect(reads).toBeGreaterThan(0);
  });

  it('leave an item past the vouched-for ones to the merge, which drops its nulls', () => {
    const target = { status: { conditions: [] } };
    const withNull = { type: 'PodScheduled', status: 'True', lastProbeTime: null };
    const result = servedMerge(target, { status: { conditions: markPlainItems([{ type: 'Ready', status: 'True' }, withNull], 1) } });
    expect((result.status as { conditions: unknown[] }).conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }]);
  });

  it('merge a vouched-for item whose key the list has into that item, and reject one without its key', () => {
    const target = Object.freeze({ status: Object.freeze({ conditions: Object.freeze([Object.freeze({ type: 'Ready', status: 'False', reason: 'Waiting' })]) }) });
    const result = servedMerge(target, { status: { conditions: markPlainItems([{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }], 2) } });
    expect((result.status as { conditions: unknown[] }).conditions).toEqual([
      { type: 'Ready', status: 'True', reason: 'Waiting' },
      { type: 'Initialized', status: 'True' },
    ]);
    expect(() => servedMerge(target, { status: { conditions: markPlainItems([{ status: 'True' }], 1) } })).toThrow('does not contain declared merge key: type');
  });

  it('count for nothing outside a request being served: the patch is the caller’s and is copied', () => {
    const ready = { type: 'Ready', status: 'False' };
    const result = strategicMergePatchShared({ status: { conditions: [] } }, { status: { conditions: markPlainItems([ready], 1) } }) as { status: { conditions: unknown[] } };
    expect(result.status.conditions).toEqual([ready]);
    expect(result.status.conditions[0]).not.toBe(ready);
  });
});
