/**
 * `kubectl apply -f` (client-side apply, kubectl's default): each object gets the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation; a missing object is created,
 * an existing one is patched with the three-way strategic merge patch, and an empty patch
 * prints `unchanged` without sending anything, exactly as kubectl does.
 */
import type { ApiClient } from '../../api/client';
import { apiVersionOf } from '../../api/resources';
import type { KubeObject, Status } from '../../api/types';
import { goJson } from '../gojson';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ManifestObject } from './manifests';
import { kindName } from './resource-args';
import type { OutputBuffer } from './result';
import { threeWayMergePatch } from './three-way-patch';

/** LAST_APPLIED is the annotation client-side apply keeps the applied configuration in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type JsonObject = Record<string, unknown>;

/** withLastApplied returns the configuration with its own JSON stored in the annotation (GetModifiedConfiguration). */
export function withLastApplied(object: KubeObject, namespace: string | undefined): { modified: KubeObject; lastApplied: string } {
  const config = JSON.parse(JSON.stringify(object)) as KubeObject;
  config.metadata = { ...(config.metadata ?? {}) };
  if (namespace !== undefined) config.metadata.namespace = namespace;
  const annotations = { ...(config.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  config.metadata.annotations = annotations;
  const lastApplied = goJson(config) + '\n';
  return { modified: { ...config, metadata: { ...config.metadata, annotations: { ...annotations, [LAST_APPLIED]: lastApplied } } }, lastApplied };
}

/** resourceDescription is kubectl's `Resource: "/v1, Resource=pods", GroupVersionKind: …` block. */
function resourceDescription(item: ManifestObject): string {
  const gv = item.info.group ? apiVersionOf(item.info) : `/${item.info.version}`;
  return `Resource: "${gv}, Resource=${item.info.resource}", GroupVersionKind: "${gv}, Kind=${item.info.kind}"\nName: "${item.name}", Namespace: "${item.namespace ?? ''}"`;
}

function ref(item: ManifestObject, withName = true) {
  return { resource: item.info.resource, namespace: item.namespace, ...(withName ? { name: item.name } : {}) };
}

function applyOne(client: ApiClient, item: ManifestObject, source: string, out: OutputBuffer, next: () => void): void {
  const { modified } = withLastApplied(item.object, item.namespace);
  const label = `${kindName(item.info)}/${item.name}`;
  client.get(ref(item), (current) => {
    if (!current.ok && current.code === 404) {
      client.create(ref(item, false), modified, (created) => {
        if (created.ok) out.out(`${label} created`);
        else out.err(statusErrorText(created.status, { action: 'creating', source }));
        next();
      });
      return;
    }
    if (!current.ok) {
      out.err(`Error from server (${current.status.reason}): error when retrieving current configuration of:\n${resourceDescription(item)}\nfrom server for: "${source}": ${current.status.message}`);
      return next();
    }
    const live = current.value as JsonObject;
    const annotation = (live.metadata as KubeObject['metadata'])?.annotations?.[LAST_APPLIED];
    if (annotation === undefined) {
      out.note(
        `Warning: resource ${item.info.resource}/${item.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
      );
    }
    let original: JsonObject = {};
    try {
      original = annotation ? (JSON.parse(annotation) as JsonObject) : {};
    } catch {
      original = {};
    }
    const patch = threeWayMergePatch(original, modified as JsonObject, live);
    if (Object.keys(patch).length === 0) {
      out.out(`${label} unchanged`);
      return next();
    }
    client.patch(ref(item), patch, 'strategic', (patched) => {
      if (patched.ok) out.out(`${label} configured`);
      else if (patched.status.code === 422) out.err(statusErrorText(patched.status));
      else out.err(patchErrorText(patched.status, patch, item, source));
      next();
    });
  });
}

function patchErrorText(status: Status, patch: JsonObject, item: ManifestObject, source: string): string {
  const reason = status.reason ? ` (${status.reason})` : '';
  return `Error from server${reason}: error when applying patch:\n${goJson(patch)}\n\nto:\n${resourceDescription(item)}\nfor: "${source}": error when patching "${source}": ${status.message ?? ''}`;
}

/** kubectlApply applies every object in order and calls done when all are handled. */
export function kubectlApply(client: ApiClient, items: ManifestObject[], source: string, out: OutputBuffer, done: () => void): void {
  forEachSeries(items, (item, next) => applyOne(client, item, source, out, next), done);
}

/** kubectlCreate creates every object in order (`kubectl create -f`). */
export function kubectlCreate(client: ApiClient, items: ManifestObject[], source: string, out: OutputBuffer, done: () => void): void {
  forEachSeries(
    items,
    (item, next) => {
      const object = JSON.parse(JSON.stringify(item.object)) as KubeObject;
      if (item.namespace !== undefined) object.metadata = { ...(object.metadata ?? {}), namespace: item.namespace };
      client.create(ref(item, false), object, (created) => {
        if (created.ok) out.out(`${kindName(item.info)}/${(created.value as KubeObject).metadata?.name ?? item.name} created`);
        else out.err(statusErrorText(created.status, { action: 'creating', source }));
        next();
      });
    },
    done,
  );
}

