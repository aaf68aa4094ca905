/**
 * PreparedSandbox is one run's sandbox before the run starts: a QuickJS instance in its own bounded
 * WebAssembly.Memory, with a runtime and context whose prelude and "kube" module are already
 * evaluated. Making it is most of a run's fixed cost (instantiating, then parsing and evaluating
 * the control-plane bundle), so the worker makes the next one while the reader reads.
 *
 * Ahead of time does not mean shared: no reader code has run in it, it serves exactly one run, and
 * it never sees anything of the runs before it (their instances and memories are separate objects).
 * Console lines written while it is made would go nowhere (the prelude and bundle print nothing);
 * once a run attaches, they go to that run.
 */
import type { KubeBundle } from './bundle';
import { GuestSession, type Settlement } from './bridge';
import type { ResolvedLimits } from './protocol';
import type { QuickJSInstance } from './quickjs';

/** ConsoleWriter receives one console line; false tells the guest to stop sending. */
export type ConsoleWriter = (level: string, text: string) => boolean;

/** How loading the guest code ended: a settlement, or a host-side exception to rethrow in the run. */
type SetupOutcome = { settlement: Settlement } | { hostError: unknown };

/** PreparedSandbox is a fresh sandbox waiting for its one run. */
export class PreparedSandbox {
  private writer: ConsoleWriter | undefined;
  private session: GuestSession | undefined;
  private setupOutcome!: SetupOutcome;

  private constructor(
    readonly instance: QuickJSInstance,
    private readonly limits: ResolvedLimits,
  ) {}

  /** open makes the runtime and context and loads the guest code (deadline: the run's time limit). */
  static open(instance: QuickJSInstance, guestCode: KubeBundle, limits: ResolvedLimits): PreparedSandbox {
    const sandbox = new PreparedSandbox(instance, limits);
    try {
      sandbox.session = GuestSession.open(instance, {
        stackLimitBytes: limits.stackLimitBytes,
        prelude: guestCode.prelude,
        kube: guestCode.kube,
        write: (level, text) => (sandbox.writer ? sandbox.writer(level, text) : true),
      });
      sandbox.setupOutcome = { settlement: sandbox.session.loadGuestCode(guestCode.prelude, Date.now() + limits.timeLimitMs) };
    } catch (hostError) {
      sandbox.setupOutcome = { hostError };
    }
    return sandbox;
  }

  /** fits is true when this sandbox was made with the memory and stack limits a run asks for. */
  fits(limits: ResolvedLimits): boolean {
    return limits.memoryLimitMb === this.limits.memoryLimitMb && limits.stackLimitBytes === this.limits.stackLimitBytes;
  }

  /** attach hands the sandbox to its run: console lines go to `writer`; returns the session (if any). */
  attach(writer: ConsoleWriter): GuestSession | undefined {
    this.writer = writer;
    return this.session;
  }

  /** setUp returns how loading the guest code ended; a host-side failure is thrown again here. */
  setUp(): Settlement {
    if ('hostError' in this.setupOutcome) throw this.setupOutcome.hostError;
    return this.setupOutcome.settlement;
  }

  /** dispose frees a sandbox no run used (a broken one is dropped instead, as runs do). */
  dispose(): 'clean' | 'discarded' | { failed: string } {
    if (!this.session || 'hostError' in this.setupOutcome) return 'discarded';
    try {
      this.session.dispose();
      return 'clean';
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error) };
    }
  }
}
