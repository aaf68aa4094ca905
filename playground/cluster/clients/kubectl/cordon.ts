/**
 * `kubectl cordon|uncordon NODE`: read the node, and if its `spec.unschedulable` differs, send a
 * strategic merge patch that flips it (`node/node-1 cordoned`, or `already cordoned`).
 */
import type { ApiClient } from '../../api/client';
import type { Node } from '../../api/types';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import { UsageError } from './flags';
import type { OutputBuffer } from './result';

/** kubectlCordon sets (cordon) or clears (uncordon) spec.unschedulable on each named node. */
export function kubectlCordon(client: ApiClient, names: string[], unschedulable: boolean, out: OutputBuffer, done: () => void): void {
  const verb = unschedulable ? 'cordon' : 'uncordon';
  if (names.length === 0) throw new UsageError(`USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  forEachSeries(
    names,
    (name, next) =>
      client.get<Node>({ resource: 'nodes', name }, (current) => {
        if (!current.ok) {
          out.err(statusErrorText(current.status));
          return next();
        }
        if ((current.value.spec?.unschedulable === true) === unschedulable) {
          out.out(`node/${name} already ${verb}ed`);
          return next();
        }
        client.patch({ resource: 'nodes', name }, { spec: { unschedulable: unschedulable ? true : null } }, 'strategic', (patched) => {
          if (patched.ok) out.out(`node/${name} ${verb}ed`);
          else out.err(statusErrorText(patched.status));
          next();
        });
      }),
    done,
  );
}
