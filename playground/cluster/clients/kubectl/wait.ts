/**
 * `kubectl wait --for=condition=Ready pod/NAME` and `--for=delete`: for each object, GET it, then
 * (if not there yet) LIST it by `metadata.name` and WATCH from that list until the condition holds
 * or the object is gone, printing `pod/nginx condition met`. One `--timeout` (default 30s of
 * virtual time) bounds the whole command, as kubectl's context does; running out prints
 * `error: timed out waiting for the condition on pods/nginx`.
 */
import type { ApiClient, ResourceRef } from '../../api/client';
import type { KubeObject, List } from '../../api/types';
import type { EventLoop } from '../../sim/loop';
import type { KubectlEnv } from './env';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { boolFlag, stringFlag, UsageError } from './flags';
import { objectName } from './output-format';
import { parseResourceArgs, type ResourceTarget } from './resource-args';
import type { OutputBuffer } from './result';
import { parseTimeout, waitForDeletion } from './wait-deleted';

/** WAIT_FLAGS are the flags `kubectl wait` accepts besides the global ones. */
export const WAIT_FLAGS = [
  { name: 'for', type: 'string' },
  { name: 'timeout', type: 'string', default: '30s' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
] as const;

/** WaitFor is a parsed `--for`: a condition type and the status it must have, or deletion. */
export type WaitFor = { kind: 'delete' } | { kind: 'condition'; type: string; status: string };

/** parseWaitFor reads `--for` the way kubectl does: `delete`, `condition=Ready`, `condition=Ready=false`. */
export function parseWaitFor(value: string | undefined): WaitFor {
  if (!value) throw new UsageError('--for must be specified');
  if (value.toLowerCase() === 'delete') return { kind: 'delete' };
  if (value.toLowerCase().startsWith('condition=')) {
    const rest = value.slice('condition='.length);
    const eq = rest.indexOf('=');
    const type = eq < 0 ? rest : rest.slice(0, eq);
    const status = eq < 0 ? 'True' : rest.slice(eq + 1);
    if (!type) throw new UsageError(`unrecognized condition: "${value}"`);
    return { kind: 'condition', type, status };
  }
  if (value.toLowerCase().startsWith('jsonpath=') || value.toLowerCase() === 'create') {
    throw new UsageError(`--for=${value} is not modelled in the playground; use --for=condition=TYPE[=STATUS] or --for=delete`);
  }
  throw new UsageError(`unrecognized condition: "${value}"`);
}

/** conditionMet compares like kubectl: condition type and status case-insensitively. */
export function conditionMet(object: KubeObject, wanted: { type: string; status: string }): boolean {
  const conditions = ((object.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions ?? []);
  return conditions.some((c) => (c.type ?? '').toLowerCase() === wanted.type.toLowerCase() && (c.status ?? '').toLowerCase() === wanted.status.toLowerCase());
}

/** waitForCondition calls done(object) once `met` holds for the named object, done(undefined) at the deadline. */
function waitForCondition(client: ApiClient, loop: EventLoop, ref: ResourceRef & { name: string }, met: (o: KubeObject) => boolean, deadline: number, done: (object: KubeObject | undefined) => void): void {
  let finished = false;
  let stopWatch: (() => void) | undefined;
  const timer = loop.schedule(Math.max(0, deadline - loop.now()), `kubectl wait: ${ref.resource}/${ref.name}`, () => finish(undefined));
  const finish = (object: KubeObject | undefined) => {
    if (finished) return;
    finished = true;
    loop.cancel(timer);
    stopWatch?.();
    done(object);
  };
  const listRef = { resource: ref.resource, namespace: ref.namespace };
  const fieldSelector = `metadata.name=${ref.name}`;
  client.list(listRef, { fieldSelector }, (listed) => {
    if (finished) return;
    if (!listed.ok) return;
    const list = listed.value as List;
    const current = list.items.find(met);
    if (current) return finish(current);
    const handle = client.watch(listRef, { fieldSelector, resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true }, (event) => {
      if ((event.type === 'ADDED' || event.type === 'MODIFIED') && met(event.object as KubeObject)) finish(event.object as KubeObject);
    });
    stopWatch = () => handle.stop();
  });
}

/** kubectlWait runs `kubectl wait`. */
export function kubectlWait(env: KubectlEnv, client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const waitFor = parseWaitFor(stringFlag(args, 'for'));
  let timeoutMs: number | undefined;
  try {
    timeoutMs = parseTimeout(stringFlag(args, 'timeout'));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // --timeout=0 means "check once" (kubectl waits forever only with a negative timeout).
  const deadline = env.loop.now() + (timeoutMs ?? 0);
  const targets = parseResourceArgs(args.positionals);
  const selector = stringFlag(args, 'selector');
  const byListing = selector !== undefined || boolFlag(args, 'all');
  if (targets.length === 0) throw new UsageError('you must provide one or more resources by argument or filename (.json|.yaml|.yml|stdin)');
  if (!byListing && targets.some((t) => t.names.length === 0)) throw new UsageError('resource(s) were provided, but no name was specified');
  let visited = 0;

  const waitOne = (target: ResourceTarget, object: KubeObject, next: () => void) => {
    visited++;
    const name = object.metadata?.name ?? '';
    const ref = { resource: target.info.resource, namespace: target.info.namespaced ? (object.metadata?.namespace ?? namespace) : undefined, name };
    const met = () => out.out(`${objectName(target.info, name)} condition met`);
    const timedOut = () => out.err(`error: timed out waiting for the condition on ${target.info.resource}/${name}`);
    if (waitFor.kind === 'delete') {
      const remaining = Math.max(0, deadline - env.loop.now());
      return waitForDeletion(client, env.loop, ref, object.metadata?.uid, remaining, (gone) => {
        if (gone) met();
        else timedOut();
        next();
      });
    }
    const wanted = waitFor;
    if (conditionMet(object, wanted)) {
      met();
      return next();
    }
    waitForCondition(client, env.loop, ref, (o) => conditionMet(o, wanted), deadline, (found) => {
      if (found) met();
      else timedOut();
      next();
    });
  };

  forEachSeries(
    targets,
    (target, next) => {
      const ns = target.info.namespaced ? namespace : undefined;
      if (byListing) {
        client.list({ resource: target.info.resource, namespace: ns }, { labelSelector: selector }, (result) => {
          if (!result.ok) {
            out.err(statusErrorText(result.status));
            return next();
          }
          forEachSeries((result.value as List).items, (object, nextObject) => waitOne(target, object, nextObject), next);
        });
        return;
      }
      forEachSeries(
        target.names,
        (name, nextName) =>
          client.get({ resource: target.info.resource, namespace: ns, name }, (result) => {
            if (result.ok) return waitOne(target, result.value, nextName);
            // Waiting for a deletion that already happened succeeds quietly, as kubectl ignores NotFound then.
            if (!(waitFor.kind === 'delete' && result.code === 404)) out.err(statusErrorText(result.status));
            nextName();
          }),
        next,
      );
    },
    () => {
      if (visited === 0 && waitFor.kind !== 'delete' && !out.failed) out.err('error: no matching resources found');
      done();
    },
  );
}
