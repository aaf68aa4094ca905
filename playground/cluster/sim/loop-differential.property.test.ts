import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLoop } from './loop';
import { EventLoop as EventLoopBefore } from './testdata/loop-at-63167df';

// The event loop as it was at 63167df (testdata, with its TaskQueue and MinHeap) is the reference:
// the later speed-ups (posted (run, arg) pairs, a NumberHeap, NaN markers, popDueBy) must run every
// program a reader can write in the same order at the same times, with the same errors and counts.

const SEEDS = Number(process.env.LOOP_SEEDS ?? 300);
/** At most this many tasks are queued per program, so tasks that queue tasks come to an end. */
const MAX_TASKS = 120;

type Action =
  | { kind: 'schedule' | 'background' | 'post'; delay: number }
  | { kind: 'cancel'; back: number }
  | { kind: 'throw' }
  | { kind: 'step' }
  | { kind: 'peek' };
type DriverOp =
  | Action
  | { kind: 'stepDueBy'; limit: number }
  | { kind: 'runUntil'; after: number; deadline: number; max: number }
  | { kind: 'runUntilQuiet'; deadline: number; max: number }
  | { kind: 'advanceTo'; time: number };

const delay = fc.constantFrom(0, 0, 1, 1, 2, 2.5, 5, -1, Number.NaN, Number.POSITIVE_INFINITY);
const time = fc.constantFrom(0, 1, 2, 3, 5, 8, 2.5, Number.POSITIVE_INFINITY, Number.NaN);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('schedule' as const, 'background' as const, 'post' as const), delay }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), back: fc.nat(6) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'throw' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'step' as const }) },
  // What a task may look at: nextDueAt drops cancelled tasks at the head, maybe of the instant running.
  { weight: 1, arbitrary: fc.constant({ kind: 'peek' as const }) },
);
const driverOp: fc.Arbitrary<DriverOp> = fc.oneof(
  { weight: 4, arbitrary: action },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stepDueBy' as const), limit: time }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('runUntil' as const), after: fc.nat(8), deadline: time, max: fc.constantFrom(3, Number.POSITIVE_INFINITY) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('runUntilQuiet' as const), deadline: time, max: fc.constantFrom(3, Number.POSITIVE_INFINITY) }) },
  // Not to NaN: that makes the clock NaN in both loops (a state no reader can reach: durations are
  // checked to be finite), after which the one at 63167df ran tasks due at NaN and this one does not.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advanceTo' as const), time: time.filter((t) => !Number.isNaN(t)) }) },
);

/** Handle is what both loops' schedule hands out and a reader may look at. */
interface Handle {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly cancelled: boolean;
  readonly background: boolean;
  readonly done: boolean;
}

/** The part of both loops a program uses; `post` is scheduleCall in the loop at 63167df. */
interface Loop {
  now(): number;
  schedule(delayMs: number, label: string, run: () => void, options?: { background?: boolean }): Handle;
  cancel(task: never): void;
  hasForegroundWork(): boolean;
  readonly pending: number;
  nextDueAt(): number | undefined;
  step(): boolean;
  stepDueBy(limitMs: number): boolean;
  runUntil(done: () => boolean, deadlineMs?: number, maxTasks?: number): number;
  runUntilQuiet(deadlineMs?: number, maxTasks?: number): number;
  advanceTo(timeMs: number): number;
  readonly inTask: boolean;
}

/** run plays `program` on `loop` (each task n doing `behaviours[n % length]`) and returns what a reader could see. */
function run(loop: Loop, post: (delayMs: number, label: string, run: (arg: number) => void, arg: number) => void, program: DriverOp[], behaviours: Action[][]): string[] {
  const log: string[] = [];
  const handles: Handle[] = [];
  let created = 0;
  let ran = 0;
  const attempt = (what: string, body: () => unknown) => {
    try {
      log.push(`${what} -> ${String(body())}`);
    } catch (error) {
      log.push(`${what} threw ${(error as Error).name}: ${(error as Error).message}`);
    }
  };
  const runTask = (n: number) => {
    ran++;
    log.push(`task ${n} at ${loop.now()} inTask ${loop.inTask}`);
    for (const step of behaviours[n % behaviours.length]) perform(step, `task ${n}`);
  };
  const perform = (step: Action, who: string) => {
    if (step.kind === 'schedule' || step.kind === 'background' || step.kind === 'post') {
      if (created >= MAX_TASKS) return;
      const n = created++;
      attempt(`${who} ${step.kind} ${n} +${step.delay}`, () => {
        if (step.kind === 'post') return post(step.delay, `task ${n}`, runTask, n);
        handles.push(loop.schedule(step.delay, `task ${n}`, () => runTask(n), step.kind === 'background' ? { background: true } : undefined));
      });
    } else if (step.kind === 'cancel') attempt(`${who} cancel`, () => loop.cancel(handles[handles.length - 1 - step.back] as never));
    else if (step.kind === 'throw') throw new Error(`${who} fails`);
    else if (step.kind === 'peek') attempt(`${who} peek`, () => `next ${loop.nextDueAt()} pending ${loop.pending} foreground ${loop.hasForegroundWork()}`);
    else attempt(`${who} step`, () => loop.step());
  };
  for (const op of program) {
    if (op.kind === 'stepDueBy') attempt(`stepDueBy ${op.limit}`, () => loop.stepDueBy(op.limit));
    else if (op.kind === 'runUntil') {
      const until = ran + op.after;
      attempt(`runUntil ${op.after} ${op.deadline} ${op.max}`, () => loop.runUntil(() => ran >= until, op.deadline, op.max));
    } else if (op.kind === 'runUntilQuiet') attempt(`runUntilQuiet ${op.deadline} ${op.max}`, () => loop.runUntilQuiet(op.deadline, op.max));
    else if (op.kind === 'advanceTo') attempt(`advanceTo ${op.time}`, () => loop.advanceTo(op.time));
    else attempt(`driver ${op.kind}`, () => perform(op, 'driver'));
    log.push(`now ${loop.now()} pending ${loop.pending} foreground ${loop.hasForegroundWork()} inTask ${loop.inTask}`);
    log.push(handles.map((h) => `${h.label}@${h.at}#${h.seq}${h.background ? 'b' : ''}${h.cancelled ? 'c' : ''}${h.done ? 'd' : ''}`).join(' '));
  }
  attempt('nextDueAt', () => loop.nextDueAt());
  attempt('runUntilQuiet', () => loop.runUntilQuiet(Number.POSITIVE_INFINITY, 500));
  log.push(`now ${loop.now()} pending ${loop.pending} foreground ${loop.hasForegroundWork()}`);
  return log;
}

describe('EventLoop against the loop at 63167df', () => {
  it('runs every program of scheduled, posted, background, cancelled and throwing tasks the same way', () => {
    fc.assert(
      fc.property(fc.array(driverOp, { maxLength: 25 }), fc.array(fc.array(action, { maxLength: 3 }), { minLength: 1, maxLength: 6 }), (program, behaviours) => {
        const now = new EventLoop();
        const before = new EventLoopBefore();
        const expected = run(before, (d, label, task, arg) => void before.scheduleCall(d, label, task, arg), program, behaviours);
        expect(run(now, (d, label, task, arg) => now.post(d, label, task, arg), program, behaviours)).toEqual(expected);
      }),
      { numRuns: SEEDS },
    );
  });
});
