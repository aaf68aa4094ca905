import { afterEach, describe, expect, it } from 'vitest';
import { EventLoop } from '../playground/cluster/sim/loop';
import { RealTimeDriver } from './clock-driver';

/** A wall clock the test moves by hand; the driver's Node timers still fire for real. */
function fakeWall(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

let driver: RealTimeDriver | undefined;
afterEach(() => driver?.stop());

describe('RealTimeDriver', () => {
  it('runs a task only once the wall clock has reached its virtual due time', async () => {
    const loop = new EventLoop();
    const wall = fakeWall();
    const ran: number[] = [];
    loop.schedule(100, 'due at 100', () => ran.push(loop.now()));
    driver = new RealTimeDriver(loop, { wallNow: wall.now, maxSleepMs: 2 });
    driver.start();
    wall.advance(60);
    await tick();
    expect(ran).toEqual([]);
    expect(loop.now()).toBe(60);
    wall.advance(50);
    await tick();
    expect(ran).toEqual([100]);
    expect(loop.now()).toBe(110);
  });

  it('keeps virtual time where the loop was when it started (offset, not reset)', async () => {
    const loop = new EventLoop();
    loop.advanceTo(5_000);
    const wall = fakeWall();
    driver = new RealTimeDriver(loop, { wallNow: wall.now, maxSleepMs: 2 });
    driver.start();
    wall.advance(250);
    await tick();
    expect(loop.now()).toBe(5_250);
    expect(driver.virtualNow()).toBe(5_250);
  });

  it('submit runs a task at once at the current wall-clock time, and what it schedules later', async () => {
    const loop = new EventLoop();
    const wall = fakeWall();
    driver = new RealTimeDriver(loop, { wallNow: wall.now, maxSleepMs: 2 });
    driver.start();
    wall.advance(40);
    const log: string[] = [];
    driver.submit('request', () => {
      log.push(`handled@${loop.now()}`);
      loop.schedule(3, 'response', () => log.push(`responded@${loop.now()}`));
    });
    expect(log).toEqual(['handled@40']);
    wall.advance(3);
    await tick();
    expect(log).toEqual(['handled@40', 'responded@43']);
  });

  it('reports a task that throws and keeps running the others', async () => {
    const loop = new EventLoop();
    const wall = fakeWall();
    const errors: unknown[] = [];
    const ran: string[] = [];
    loop.schedule(1, 'bad', () => {
      throw new Error('boom');
    });
    loop.schedule(2, 'good', () => ran.push('good'));
    driver = new RealTimeDriver(loop, { wallNow: wall.now, maxSleepMs: 2, onError: (e) => errors.push(e) });
    driver.start();
    wall.advance(5);
    await tick();
    expect((errors[0] as Error).message).toBe('boom');
    expect(ran).toEqual(['good']);
  });

  it('stops advancing after stop()', async () => {
    const loop = new EventLoop();
    const wall = fakeWall();
    driver = new RealTimeDriver(loop, { wallNow: wall.now, maxSleepMs: 2 });
    driver.start();
    driver.stop();
    wall.advance(100);
    await tick();
    expect(loop.now()).toBe(0);
  });
});
