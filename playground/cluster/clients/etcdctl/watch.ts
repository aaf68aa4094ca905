/**
 * `etcdctl watch`, bounded: a real watch runs until Ctrl-C, so here it collects events for a
 * stretch of virtual time (or until a number of events arrived) and then returns what it printed.
 * Like clientv3, it hides the `created` notification and prints each event as it arrives.
 */
import type { EtcdClient, WatchResponse } from '../../etcd/types';
import { prefixEnd } from '../../etcd/types';
import type { EventLoop } from '../../sim/loop';
import type { ParsedArgs } from '../kubectl/flags';
import { boolFlag } from '../kubectl/flags';
import type { Done } from '../kubectl/result';
import { goStructJson, headerJson, kvJson, simpleKv } from './output';
import { EtcdctlUsageError, EXIT } from './usage';

/** WatchBounds limit how long `etcdctl watch` listens. */
export interface WatchBounds {
  /** Virtual milliseconds to listen for (default 10 000). */
  forMs?: number;
  /** Stop after this many events (default: no limit). */
  maxEvents?: number;
}

function formatResponse(response: WatchResponse, format: string): string {
  if (format === 'json') {
    const events = response.events.map((event) => {
      const out: Record<string, unknown> = {};
      if (event.type === 'DELETE') out.type = 1;
      out.kv = kvJson(event.kv);
      if (event.prevKv) out.prev_kv = kvJson(event.prevKv);
      return out;
    });
    return goStructJson({ Header: headerJson(response.header.revision), Events: events, CompactRevision: response.compactRevision ?? 0, Canceled: false, Created: false }) + '\n';
  }
  return response.events.map((event) => event.type + '\n' + (event.prevKv ? simpleKv(event.prevKv, false) : '') + simpleKv(event.kv, false)).join('');
}

/** etcdctlWatch runs `watch KEY [RANGE_END] [--prefix] [--rev N] [--prev-kv]` and calls done when the bounds are reached. */
export function etcdctlWatch(etcd: EtcdClient, loop: EventLoop, args: ParsedArgs, format: string, bounds: WatchBounds, done: Done): void {
  const [key, explicitEnd] = args.positionals;
  if (key === undefined || args.positionals.length > 2) throw new EtcdctlUsageError('watch in non-interactive mode requires one or two arguments as key or prefix, with range end');
  const rangeEnd = boolFlag(args, 'prefix') ? prefixEnd(key) : explicitEnd;
  const startRevision = Number(args.flags.rev ?? 0) || undefined;
  const maxEvents = bounds.maxEvents ?? Number.POSITIVE_INFINITY;
  let stdout = '';
  let seen = 0;
  let finished = false;
  const finish = (stderr: string, exitCode: number) => {
    if (finished) return;
    finished = true;
    watcher.cancel();
    loop.cancel(timer);
    done({ stdout, stderr, exitCode });
  };
  const watcher = etcd.watch({ key, rangeEnd, startRevision, prevKv: boolFlag(args, 'prev-kv') }, (response) => {
    if (finished || response.created) return;
    if (response.canceled) {
      const reason = response.compactRevision ? 'etcdserver: mvcc: required revision has been compacted' : 'canceled';
      finish(`watch was canceled (${reason})\nError: watch is canceled by the server\n`, EXIT.error);
      return;
    }
    stdout += formatResponse(response, format);
    seen += response.events.length;
    if (seen >= maxEvents) finish('', EXIT.success);
  });
  const timer = loop.schedule(bounds.forMs ?? 10_000, 'etcdctl watch ends', () => finish('', EXIT.success));
}
