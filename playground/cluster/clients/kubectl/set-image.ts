/**
 * `kubectl set image pod/NAME CONTAINER=IMAGE …` (also `TYPE NAME`, `*=IMAGE` for every container,
 * and replicasets, whose pod template it changes): GET the object, change the images, and send
 * the difference as a strategic merge patch, printing `pod/nginx image updated`. As in kubectl,
 * an unchanged image sends nothing and prints nothing, and an unknown container name is an error.
 */
import type { ApiClient } from '../../api/client';
import type { Container, KubeObject } from '../../api/types';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { UsageError } from './flags';
import { objectName } from './output-format';
import { parseResourceArgs } from './resource-args';
import type { OutputBuffer } from './result';

/** SET_IMAGE_FLAGS are the flags `kubectl set image` accepts besides the global ones. */
export const SET_IMAGE_FLAGS = [] as const;

/** containersOf finds the pod spec's containers of a pod or of a workload's pod template. */
function containersOf(object: KubeObject): { containers: Container[]; wrap: (containers: unknown[]) => unknown } | undefined {
  const spec = object.spec as { containers?: Container[]; template?: { spec?: { containers?: Container[] } } } | undefined;
  if (object.kind === 'Pod' && spec?.containers) return { containers: spec.containers, wrap: (containers) => ({ spec: { containers } }) };
  if (spec?.template?.spec?.containers) return { containers: spec.template.spec.containers, wrap: (containers) => ({ spec: { template: { spec: { containers } } } }) };
  return undefined;
}

/** kubectlSetImage runs `kubectl set image`; `positionals` start after `set image`. */
export function kubectlSetImage(client: ApiClient, args: ParsedArgs, positionals: string[], namespace: string, out: OutputBuffer, done: () => void): void {
  const images = positionals.filter((p) => p.includes('='));
  const resources = positionals.filter((p) => !p.includes('='));
  if (images.length === 0) throw new UsageError("at least one image update is required\nSee 'kubectl set image -h' for help and examples");
  const wanted = new Map<string, string>();
  for (const pair of images) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`invalid image update "${pair}": use CONTAINER_NAME=IMAGE`);
    wanted.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const targets = parseResourceArgs(resources);
  if (targets.length === 0 || targets.some((t) => t.names.length === 0)) {
    throw new UsageError("you must specify a resource and a name, like pod/nginx or replicaset web\nSee 'kubectl set image -h' for help and examples");
  }
  const named = targets.flatMap((target) => target.names.map((name) => ({ target, name })));
  forEachSeries(
    named,
    ({ target, name }, next) => {
      const ref = { resource: target.info.resource, namespace: target.info.namespaced ? namespace : undefined, name };
      client.get<KubeObject>(ref, (current) => {
        if (!current.ok) {
          out.err(statusErrorText(current.status));
          return next();
        }
        const found = containersOf({ ...current.value, kind: current.value.kind ?? target.info.kind });
        if (!found) {
          out.err(`error: ${target.info.resource}/${name} does not have a pod template or pod spec whose images could be set`);
          return next();
        }
        const changed: { image: string; name: string }[] = [];
        for (const [containerName, image] of wanted) {
          const matches = found.containers.filter((c) => containerName === '*' || c.name === containerName);
          if (matches.length === 0) out.err(`error: unable to find container named "${containerName}"`);
          for (const container of matches) if (container.image !== image) changed.push({ image, name: container.name });
        }
        if (changed.length === 0) return next();
        client.patch(ref, found.wrap(changed), 'strategic', (patched) => {
          if (patched.ok) out.out(`${objectName(target.info, name)} image updated`);
          else out.err(`error: failed to patch image update to pod template: ${statusErrorText(patched.status).replace(/^Error from server \([A-Za-z]+\): /, '')}`);
          next();
        });
      });
    },
    done,
  );
}
