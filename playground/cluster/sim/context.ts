import type { SeededIds } from './ids';
import type { EventLoop } from './loop';
import type { Trace } from './trace';

/** SimContext is what every simulated component shares: the clock/loop, the trace and the ids. */
export interface SimContext {
  readonly loop: EventLoop;
  readonly trace: Trace;
  readonly ids: SeededIds;
}
