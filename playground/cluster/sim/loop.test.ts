import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLoop } from './loop';
import { IpPool, SeededIds } from './ids';
import { Trace } from './trace';

describe('EventLoop', () => {
  it('runs tasks by due time, then by insertion order', () => {
    const loop = new EventLoop();
    const order: string[] = [];
    loop.schedule(5, 'late', () => order.push('late@' + loop.now()));
    loop.schedule(1, 'a', () => order.push('a@' + loop.now()));
    loop.schedule(1, 'b', () => order.push('b@' + loop.now()));
    loop.schedule(0, 'now', () => {
      order.push('now@' + loop.now());
      loop.schedule(1, 'c', () => order.push('c@' + loop.now()));
    });
    loop.runUntil(() => false);
    expect(order).toEqual(['now@0', 'a@1', 'b@1', 'c@1', 'late@5']);
  });

  it('runs posted tasks in order with scheduled ones, with their argument, and counts them as work', () => {
    const loop = new EventLoop();
    const order: string[] = [];
    const note = (what: string) => order.push(what + '@' + loop.now());
    loop.schedule(1, 'a', () => note('a'));
    loop.post(1, 'posted b', note, 'b');
    loop.cancel(loop.schedule(1, 'cancelled', () => note('x')));
    loop.post(0, 'posted now', (n: number) => {
      note('now' + n);
      loop.post(1, 'posted c', note, 'c');
      loop.schedule(1, 'd', () => note('d'));
    }, 7);
    expect(loop.hasForegroundWork()).toBe(true);
    expect(loop.pending).toBe(4);
    expect(loop.nextDueAt()).toBe(0);
    expect(loop.runUntilQuiet()).toBe(5);
    expect(order).toEqual(['now7@0', 'a@1', 'b@1', 'c@1', 'd@1']);
    expect(loop.hasForegroundWork()).toBe(false);
    expect(loop.pending).toBe(0);
    expect(() => loop.post(-1, 'bad', note, 'x')).toThrow('schedule(bad): delay must be a finite number >= 0, got -1');
  });

  it('refuses a bad post delay right after a run of good ones, and queues nothing for it', () => {
    const loop = new EventLoop();
    const note = () => {};
    loop.post(1, 'good', note, 0);
    loop.post(1, 'good again', note, 0);
    for (const bad of ['1', '0', null, true, [1], Number.NaN, -1, -0.5, -(2 ** 32), Number.POSITIVE_INFINITY, undefined]) {
      expect(() => loop.post(bad as unknown as number, 'bad', note, 0)).toThrow(RangeError);
      // The good delay is still accepted after a refused one.
      loop.post(1, 'good', note, 0);
    }
    // Fractions and whole numbers past 2^32 take the long way through the check, and pass it.
    loop.post(-0, 'zero', note, 0);
    loop.post(0.5, 'half', note, 0);
    loop.post(2 ** 32, 'past 2^32', note, 0);
    loop.post(2 ** 32 - 1, 'below 2^32', note, 0);
    loop.post(Number.MAX_VALUE, 'largest', note, 0);
    expect(loop.pending).toBe(18);
  });

  it('runs posted and scheduled tasks by (time, insertion), skips cancelled ones, and counts foreground work', () => {
    // Ops: post (p), schedule (s), schedule in the background (b), cancel the oldest live scheduled task (c),
    // and step with a limit (l); tasks may queue more tasks when they run.
    const op = fc.record({ kind: fc.constantFrom('p', 's', 'b', 'c', 'l'), delay: fc.integer({ min: 0, max: 3 }), spawn: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const loop = new EventLoop();
        const ran: number[] = [];
        const reference: { at: number; id: number; background: boolean; cancelled: boolean; spawn: boolean }[] = [];
        const live: { id: number; task: ReturnType<EventLoop['schedule']> }[] = [];
        let nextId = 0;
        const queue = (kind: string, delay: number, spawn: boolean) => {
          const id = nextId++;
          const entry = { at: loop.now() + delay, id, background: kind === 'b', cancelled: false, spawn };
          reference.push(entry);
          const run = () => {
            ran.push(id);
            if (entry.spawn) queue('p', 1, false);
          };
          if (kind === 'p') loop.post(delay, 'posted', run, undefined);
          else live.push({ id, task: loop.schedule(delay, 'scheduled', run, { background: kind === 'b' }) });
        };
        const expectedOrder: number[] = [];
        const drain = (limit: number) => {
          // The reference: the earliest (time, insertion) task due by the limit runs next.
          for (;;) {
            reference.sort((a, b) => a.at - b.at || a.id - b.id);
            const next = reference.findIndex((entry) => !entry.cancelled);
            if (next < 0 || reference[next].at > limit) break;
            const [entry] = reference.splice(0, next + 1).slice(-1);
            expectedOrder.push(entry.id);
            expect(loop.stepDueBy(limit)).toBe(true);
            expect(loop.now()).toBe(Math.max(entry.at, loop.now()));
          }
          expect(loop.stepDueBy(limit)).toBe(false);
        };
        for (const { kind, delay, spawn } of ops) {
          if (kind === 'c') {
            const victim = live.shift();
            if (victim) {
              loop.cancel(victim.task);
              const entry = reference.find((e) => e.id === victim.id);
              if (entry) entry.cancelled = true;
            }
          } else if (kind === 'l') drain(loop.now() + delay);
          else queue(kind, delay, spawn);
          expect(loop.hasForegroundWork()).toBe(reference.some((e) => !e.cancelled && !e.background));
        }
        drain(Number.POSITIVE_INFINITY);
        expect(ran).toEqual(expectedOrder);
        expect(loop.hasForegroundWork()).toBe(false);
      }),
    );
  });

  it('skips cancelled tasks and stops at a deadline with the clock on it', () => {
    const loop = new EventLoop();
    const ran: string[] = [];
    const task = loop.schedule(2, 'cancelled', () => ran.push('x'));
    loop.schedule(10, 'after deadline', () => ran.push('late'));
    loop.cancel(task);
    loop.runUntil(() => false, 7);
    expect(ran).toEqual([]);
    expect(loop.now()).toBe(7);
    loop.advanceTo(10);
    expect(ran).toEqual(['late']);
  });

  it('steps only a task due by the limit, dropping cancelled ones first', () => {
    const loop = new EventLoop();
    const ran: string[] = [];
    loop.cancel(loop.schedule(1, 'cancelled', () => ran.push('cancelled')));
    loop.schedule(4, 'due at 4', () => ran.push('4'));
    expect(loop.stepDueBy(3)).toBe(false);
    expect(loop.now()).toBe(0);
    expect(loop.pending).toBe(1);
    expect(loop.stepDueBy(4)).toBe(true);
    expect(ran).toEqual(['4']);
    expect(loop.now()).toBe(4);
    expect(loop.stepDueBy(Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('drops a long run of cancelled tasks in one step and runs the live task behind them, at its own time', () => {
    const loop = new EventLoop();
    const ran: string[] = [];
    // Cancelled timers pile up at many due times (a resync restarted on every event): one step
    // must get past all of them to the next live task without going deeper per cancelled task.
    for (let i = 0; i < 100_000; i++) loop.cancel(loop.schedule(1 + (i % 1_000), `timer ${i}`, () => ran.push(`timer ${i}`)));
    loop.post(1_500, 'live', (name: string) => ran.push(`${name}@${loop.now()}`), 'live');
    loop.cancel(loop.schedule(2_000, 'cancelled after', () => ran.push('cancelled after')));
    expect(loop.stepDueBy(1_000)).toBe(false);
    expect(loop.pending).toBe(2);
    expect(loop.stepDueBy(Number.POSITIVE_INFINITY)).toBe(true);
    expect(ran).toEqual(['live@1500']);
    expect(loop.step()).toBe(false);
    expect(loop.pending).toBe(0);
    expect(loop.hasForegroundWork()).toBe(false);
  });

  it('passes on what a task throws and stays usable: the next step runs, not refused as re-entrant', () => {
    const loop = new EventLoop();
    const ran: string[] = [];
    loop.schedule(1, 'throws', () => {
      throw new Error('reader callback failed');
    });
    loop.schedule(2, 'after', () => ran.push('after'));
    expect(() => loop.step()).toThrow('reader callback failed');
    expect(loop.inTask).toBe(false);
    expect(loop.step()).toBe(true);
    expect(ran).toEqual(['after']);
  });

  it('runs due tasks in a batch until stop() says so, asking it between tasks only, cancelled ones skipped', () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    const note = (name: string) => seen.push(`${name}@${loop.now()}`);
    loop.post(1, 'a', note, 'a');
    const cancelled = loop.schedule(1, 'x', () => note('x'));
    loop.schedule(2, 'b', () => note('b'));
    loop.post(2, 'c', note, 'c');
    loop.post(9, 'late', note, 'late');
    loop.cancel(cancelled);
    const asked: string[] = [];
    const stopAfter = (last: string) => () => {
      asked.push(`${seen.at(-1)} inTask=${loop.inTask}`);
      return seen.at(-1)?.startsWith(last) ?? false;
    };
    expect(loop.runDueBy(5, stopAfter('b'))).toBe(true);
    expect(seen).toEqual(['a@1', 'b@2']);
    expect(asked).toEqual(['a@1 inTask=false', 'b@2 inTask=false']);
    // Nothing past the limit runs; the batch ends when nothing more is due, whatever stop() says.
    expect(loop.runDueBy(5, () => false)).toBe(true);
    expect(seen).toEqual(['a@1', 'b@2', 'c@2']);
    expect(loop.runDueBy(5, () => false)).toBe(false);
    expect(loop.now()).toBe(2);
    expect(loop.pending).toBe(1);
    expect(loop.runDueBy(Number.POSITIVE_INFINITY, () => false)).toBe(true);
    expect(seen.at(-1)).toBe('late@9');
    expect(loop.hasForegroundWork()).toBe(false);
  });

  it('passes on what a task in a batch throws, without asking stop() for it, and stays usable', () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.post(1, 'boom', () => {
      throw new Error('boom');
    }, 0);
    loop.post(1, 'after', (name: string) => seen.push(name), 'after');
    let asked = 0;
    expect(() => loop.runDueBy(5, () => (asked++, false))).toThrow('boom');
    expect(asked).toBe(0);
    expect(loop.inTask).toBe(false);
    expect(loop.runDueBy(5, () => (asked++, false))).toBe(true);
    expect(seen).toEqual(['after']);
    expect(asked).toBe(1);
  });

  it('ends a batch after a task that calls stopRun, without asking stop(), and counts the tasks run', () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    const note = (name: string) => seen.push(name);
    loop.post(1, 'a', note, 'a');
    loop.post(1, 'b', () => {
      note('b');
      loop.stopRun();
    }, 0);
    loop.cancel(loop.schedule(1, 'x', () => note('x')));
    loop.post(2, 'c', note, 'c');
    let asked = 0;
    // Between runs it does nothing: the next run starts afresh.
    loop.stopRun();
    expect(loop.runDueBy(5, () => (asked++, false))).toBe(true);
    expect(seen).toEqual(['a', 'b']);
    expect(asked).toBe(1);
    expect(loop.tasksRun).toBe(2);
    expect(loop.runDueBy(5, () => (asked++, false))).toBe(true);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(asked).toBe(2);
    // The cancelled task was dropped, not run.
    expect(loop.tasksRun).toBe(3);
  });

  it('refuses to be stepped from inside a task', () => {
    const loop = new EventLoop();
    loop.schedule(0, 'reentrant', () => loop.step());
    expect(() => loop.step()).toThrow(/atomic/);
  });

  it('rejects negative and non-finite delays', () => {
    const loop = new EventLoop();
    expect(() => loop.schedule(-1, 'neg', () => {})).toThrow(RangeError);
    expect(() => loop.schedule(Number.NaN, 'nan', () => {})).toThrow(RangeError);
    expect(() => loop.schedule(Number.POSITIVE_INFINITY, 'forever', () => {})).toThrow(RangeError);
    expect(() => loop.schedule('5' as unknown as number, 'text', () => {})).toThrow(RangeError);
    expect(loop.schedule(Number.MAX_VALUE, 'far away', () => {}).at).toBe(Number.MAX_VALUE);
  });
});

describe('SeededIds', () => {
  it('gives the same ids for the same seed and different ones for another', () => {
    const a = new SeededIds(42);
    const b = new SeededIds(42);
    const c = new SeededIds(43);
    const first = [a.uid(), a.uid(), a.suffix()];
    expect([b.uid(), b.uid(), b.suffix()]).toEqual(first);
    expect(c.uid()).not.toBe(first[0]);
  });

  it('makes UUIDs in the version-4 shape Kubernetes uses', () => {
    const ids = new SeededIds(7);
    for (let i = 0; i < 50; i++) expect(ids.uid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes each UUID from the 32 hex digits hex(32) gives, version and variant digits set', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const digits = new SeededIds(seed).hex(32);
      const variant = '0123456789abcdef'[(parseInt(digits[16], 16) & 0x3) | 0x8];
      const expected = `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-${variant}${digits.slice(17, 20)}-${digits.slice(20)}`;
      expect(new SeededIds(seed).uid()).toBe(expected);
    }
  });
});

describe('IpPool', () => {
  it('hands out addresses in order and reuses released ones', () => {
    const pool = new IpPool('10.244.1.0/24');
    expect(pool.allocate()).toBe('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.3');
    pool.release('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.4');
  });

  it('fails clearly when the range is exhausted or invalid', () => {
    const pool = new IpPool('10.0.0.0/30');
    expect(pool.allocate()).toBe('10.0.0.2');
    expect(() => pool.allocate()).toThrow(/no free IP left in 10.0.0.0\/30/);
    expect(() => new IpPool('10.0.0/8')).toThrow(/invalid CIDR/);
  });
});

describe('Trace', () => {
  it('stamps entries with virtual time and caps its size', () => {
    let now = 0;
    const trace = new Trace(() => now);
    trace.maxEntries = 2;
    trace.record({ kind: 'action', from: 'a', to: 'b', action: 'x', summary: 'one' });
    now = 5;
    trace.record({ kind: 'action', from: 'a', to: 'b', action: 'x', summary: 'two' });
    trace.record({ kind: 'action', from: 'a', to: 'b', action: 'x', summary: 'three' });
    expect(trace.entries.map((e) => e.t)).toEqual([0, 5]);
    expect(trace.dropped).toBe(1);
  });
});

describe('EventLoop quiet detection', () => {
  it('treats background tasks as idle and stops when only they remain', () => {
    const loop = new EventLoop();
    let renewals = 0;
    const renew = () => {
      renewals++;
      loop.schedule(10_000, 'lease renew', renew, { background: true });
    };
    loop.schedule(0, 'lease renew', renew, { background: true });
    let pulled = false;
    loop.schedule(2_000, 'image pull', () => (pulled = true));
    expect(loop.hasForegroundWork()).toBe(true);
    loop.runUntilQuiet();
    expect(pulled).toBe(true);
    expect(loop.now()).toBe(2_000);
    expect(renewals).toBe(1);
    expect(loop.hasForegroundWork()).toBe(false);
  });

  it('does not count a cancelled task as pending work, before or after it is dropped', () => {
    const loop = new EventLoop();
    const backoff = loop.schedule(40_000, 'back-off retry', () => {});
    loop.cancel(backoff);
    loop.cancel(backoff);
    expect(loop.hasForegroundWork()).toBe(false);
    const ran = loop.schedule(1, 'x', () => {});
    loop.runUntilQuiet();
    loop.cancel(ran);
    expect(loop.hasForegroundWork()).toBe(false);
    expect(loop.now()).toBe(1);
  });
});
