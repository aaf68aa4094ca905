import { describe, expect, it } from 'vitest';
import { EventLoop } from '../sim/loop';
import { Driver, DriveTimeoutError } from './driver';

/** echo answers `value` after `delayMs` of virtual time, like a request over the simulated network. */
function echo<T>(loop: EventLoop, delayMs: number, value: T) {
  return (settle: (v: T) => void) => void loop.schedule(delayMs, `echo ${String(value)}`, () => settle(value));
}

describe('Driver', () => {
  it('resolves a call when its callback fires and runs the continuation before the next event', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    const log: string[] = [];
    // An unrelated event 1 ms after the answer: the continuation must act before it.
    loop.schedule(6, 'later event', () => log.push(`event@${loop.now()}`));
    const answer = await driver.call('first', echo(loop, 5, 'a'));
    log.push(`continuation@${loop.now()} got ${answer}`);
    loop.schedule(0, 'follow-up', () => log.push(`follow-up@${loop.now()}`));
    await driver.wait({ label: 'quiet', done: () => !loop.hasForegroundWork(), timeoutMs: 60_000, atDeadline: 'resolve', failure: () => '' });
    expect(log).toEqual(['continuation@5 got a', 'follow-up@5', 'event@6']);
  });

  it('drives several calls at once with one pump', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    const results = await Promise.all([driver.call('slow', echo(loop, 30, 'slow')), driver.call('fast', echo(loop, 10, 'fast'))]);
    expect(results).toEqual(['slow', 'fast']);
    expect(loop.now()).toBe(30);
  });

  it('lets a continuation inside an event callback make more calls (a reader-style controller)', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    const seen: string[] = [];
    // A "watch" that delivers three events; the handler awaits a call for each before logging.
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      loop.schedule(10 * (i + 1), `watch event ${name}`, async () => {
        const reply = await driver.call(`patch ${name}`, echo(loop, 2, `${name}!`));
        seen.push(`${reply}@${loop.now()}`);
      });
    }
    await driver.wait({ label: 'quiet', done: () => !loop.hasForegroundWork(), timeoutMs: 60_000, atDeadline: 'resolve', failure: () => '' });
    expect(seen).toEqual(['a!@12', 'b!@22', 'c!@32']);
  });

  it('notices a drive started from inside a task and stops at its earlier deadline', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    const tick = () => void loop.schedule(1, 'tick', tick);
    loop.schedule(1, 'tick', tick);
    let innerEndedAt = -1;
    loop.schedule(5, 'start a drive', () => {
      void driver.wait({ label: 'inner', done: () => false, timeoutMs: 10, atDeadline: 'resolve', failure: () => '' }).then(() => (innerEndedAt = loop.now()));
    });
    await driver.wait({ label: 'outer', done: () => innerEndedAt >= 0, timeoutMs: 1_000, atDeadline: 'resolve', failure: () => '' });
    expect(innerEndedAt).toBe(15);
  });

  it('waits for a duration, jumping over idle time but running background tasks on the way', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    let renewals = 0;
    const renew = () => {
      renewals++;
      loop.schedule(10_000, 'renew', renew, { background: true });
    };
    loop.schedule(10_000, 'renew', renew, { background: true });
    const steps = await driver.wait({ label: 'for 35s', done: () => false, timeoutMs: 35_000, atDeadline: 'resolve', failure: () => '' });
    expect(loop.now()).toBe(35_000);
    expect(renewals).toBe(3);
    expect(steps).toBe(3);
  });

  it('counts every task it runs as a step, across runs ended by a drive started or a call settled inside a task', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    for (let i = 1; i <= 10; i++) loop.schedule(i, `tick ${i}`, () => {});
    let answer = '';
    loop.schedule(3, 'start a call', () => void driver.call('inner', echo(loop, 2, 'x')).then((value) => (answer = value)));
    const steps = await driver.wait({ label: 'for 10ms', done: () => false, timeoutMs: 10, atDeadline: 'resolve', failure: () => '' });
    // Ten ticks, the task that started the call and its answer.
    expect(steps).toBe(12);
    expect(answer).toBe('x');
    expect(loop.now()).toBe(10);
  });

  it('leaves a run of the loop it did not start alone when a call settles inside it', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    const ran: number[] = [];
    const answered = driver.call('answered while the cluster boots', (settle) => void loop.schedule(1, 'answer', () => settle('ok')));
    for (let i = 1; i <= 4; i++) loop.schedule(i, `tick ${i}`, () => ran.push(loop.now()));
    loop.schedule(9, 'after the run', () => {});
    // A synchronous run (as createCluster's boot), before the pump's first turn.
    loop.runUntil(() => false, 5);
    expect(ran).toEqual([1, 2, 3, 4]);
    expect(loop.now()).toBe(5);
    expect(await answered).toBe('ok');
  });

  it("asks a wait's condition for truth, as a plain call without a `this`, alone or beside another drive", async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    for (let i = 1; i <= 6; i++) loop.schedule(10 * i, `tick ${i}`, () => {});
    const receivers: unknown[] = [];
    // A reader's `until` (plain JavaScript) may return any value, a count or an object: truthy ends the wait.
    const until = function (this: unknown): boolean {
      receivers.push(this);
      return (loop.now() >= 20 ? loop.now() : 0) as unknown as boolean;
    };
    await driver.wait({ label: 'until', done: until, timeoutMs: 1_000, atDeadline: 'reject', failure: () => 'never' });
    expect(loop.now()).toBe(20);
    // Beside a call in flight: the several-waiter path asks it the same way.
    const untilObject = function (this: unknown): boolean {
      receivers.push(this);
      return (loop.now() >= 50 ? { done: true } : null) as unknown as boolean;
    };
    const [, answer] = await Promise.all([driver.wait({ label: 'until object', done: untilObject, timeoutMs: 1_000, atDeadline: 'reject', failure: () => 'never' }), driver.call('slow', echo(loop, 40, 'x'))]);
    expect(answer).toBe('x');
    expect(loop.now()).toBe(60);
    expect(receivers.length).toBeGreaterThan(3);
    expect(receivers.every((receiver) => receiver === undefined)).toBe(true);
  });

  it('fails a call that gets no answer, saying which and how long it waited', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    loop.schedule(1_000, 'keeps time moving', () => undefined, { background: true });
    await expect(driver.call('kubectl get pods', () => undefined)).rejects.toThrow(
      new DriveTimeoutError('kubectl get pods did not get an answer within 60s of virtual time'),
    );
    expect(loop.now()).toBe(60_000);
  });

  it('fails a wait whose condition can never become true once nothing is left to run', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    const waiting = driver.wait({ label: 'until', done: () => false, timeoutMs: Number.POSITIVE_INFINITY, atDeadline: 'reject', failure: () => 'cluster.run: the condition never became true' });
    await expect(waiting).rejects.toThrow('cluster.run: the condition never became true: the cluster had nothing left to do');
  });

  it('rejects the waiting drives with an error thrown inside a task, and keeps working afterwards', async () => {
    const loop = new EventLoop();
    const driver = new Driver(loop);
    loop.schedule(1, 'reader callback', () => {
      throw new Error('boom in a watch callback');
    });
    await expect(driver.call('get', echo(loop, 5, 'x'))).rejects.toThrow('boom in a watch callback');
    expect(await driver.call('get again', echo(loop, 5, 'y'))).toBe('y');
  });

  it('rejects at once when starting the call throws', async () => {
    const driver = new Driver(new EventLoop());
    await expect(driver.call('bad', () => { throw new TypeError('resource must be a string'); })).rejects.toThrow(TypeError);
  });
});
