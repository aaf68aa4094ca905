/**
 * `kubectl describe TYPE NAME` (also `TYPE/NAME`, `TYPE` for all, `-l`): fetch the object and
 * what its page shows (events by involvedObject field selector; for a node also its lease and its
 * non-terminated pods) and render it. Pods and nodes have kubectl's own layouts; other kinds get a
 * generic page (name, labels, annotations, then the object's other fields).
 */
import type { ApiClient, ListOptions } from '../../api/client';
import type { ResourceInfo } from '../../api/resources';
import type { Event, KubeObject, Lease, List, Node, Pod } from '../../api/types';
import { describeNode } from '../printers/describe-node';
import { describePod } from '../printers/describe-pod';
import { DescribeWriter, writeAnnotations, writeMapMultiline } from '../printers/describe-writer';
import { writeEvents } from '../printers/describe-events';
import { toYaml } from '../yaml';
import type { KubectlEnv } from './env';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { stringFlag, UsageError } from './flags';
import { parseResourceArgs } from './resource-args';
import type { OutputBuffer } from './result';

/** DESCRIBE_FLAGS are the flags `kubectl describe` accepts besides the global ones. */
export const DESCRIBE_FLAGS = [{ name: 'selector', short: 'l', type: 'string' }] as const;

function listItems<T extends KubeObject>(client: ApiClient, resource: string, namespace: string | undefined, options: ListOptions, done: (items: T[]) => void): void {
  client.list<T>({ resource, namespace }, { ...options, limit: 500 }, (result) => done(result.ok ? (result.value as List<T>).items : []));
}

function eventsFor(client: ApiClient, object: KubeObject, kind: string | undefined, done: (events: Event[]) => void): void {
  const meta = object.metadata ?? {};
  const terms = [`involvedObject.name=${meta.name}`, `involvedObject.namespace=${meta.namespace ?? ''}`];
  if (kind) terms.push(`involvedObject.kind=${kind}`);
  const uid = kind === 'Node' ? meta.name : meta.uid;
  if (uid) terms.push(`involvedObject.uid=${uid}`);
  listItems<Event>(client, 'events', meta.namespace || undefined, { fieldSelector: terms.join(',') }, done);
}

function genericPage(object: KubeObject, events: Event[], nowMs: number): string {
  const w = new DescribeWriter();
  const meta = object.metadata ?? {};
  w.write(0, `Name:\t${meta.name ?? ''}\n`);
  if (meta.namespace) w.write(0, `Namespace:\t${meta.namespace}\n`);
  writeMapMultiline(w, 'Labels', meta.labels);
  writeAnnotations(w, meta.annotations);
  w.write(0, `API Version:\t${object.apiVersion ?? ''}\n`);
  w.write(0, `Kind:\t${object.kind ?? ''}\n`);
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (!['apiVersion', 'kind', 'metadata'].includes(key)) rest[key] = value;
  const body = Object.keys(rest).length ? toYaml(rest) : '';
  let text = w.toString();
  if (body) text += body.replace(/^(\S)/gm, (_m, first: string) => first.toUpperCase());
  const tail = new DescribeWriter();
  writeEvents(tail, events, nowMs);
  return text + tail.toString();
}

function describeOne(env: KubectlEnv, client: ApiClient, info: ResourceInfo, object: KubeObject, done: (page: string) => void): void {
  const now = () => env.loop.now();
  if (info.resource === 'pods') return eventsFor(client, object, undefined, (events) => done(describePod(object as Pod, events, now())));
  if (info.resource === 'nodes') {
    const name = object.metadata?.name ?? '';
    const nonTerminated = `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded`;
    return listItems<Pod>(client, 'pods', undefined, { fieldSelector: nonTerminated }, (pods) =>
      client.get<Lease>({ resource: 'leases', namespace: 'kube-node-lease', name }, (lease) =>
        eventsFor(client, object, 'Node', (events) => done(describeNode(object as Node, lease.ok ? lease.value : undefined, pods, events, now()))),
      ),
    );
  }
  eventsFor(client, object, info.kind, (events) => done(genericPage(object, events, now())));
}

/** kubectlDescribe runs `kubectl describe`. */
export function kubectlDescribe(env: KubectlEnv, client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const targets = parseResourceArgs(args.positionals);
  if (targets.length === 0) throw new UsageError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const pages: string[] = [];
  forEachSeries(
    targets,
    (target, next) => {
      const ns = target.info.namespaced ? namespace : undefined;
      const objects: KubeObject[] = [];
      const render = () => forEachSeries(objects, (object, nextObject) => describeOne(env, client, target.info, object, (page) => (pages.push(page), nextObject())), next);
      if (target.names.length) {
        return forEachSeries(
          target.names,
          (name, nextName) =>
            client.get({ resource: target.info.resource, namespace: ns, name }, (result) => {
              if (result.ok) objects.push(result.value);
              else out.err(statusErrorText(result.status));
              nextName();
            }),
          render,
        );
      }
      listItems(client, target.info.resource, ns, { labelSelector: stringFlag(args, 'selector') }, (items) => {
        objects.push(...items);
        if (items.length === 0) out.note(ns ? `No resources found in ${ns} namespace.` : 'No resources found');
        render();
      });
    },
    () => {
      if (pages.length) out.stdout += pages.join('\n\n');
      done();
    },
  );
}
