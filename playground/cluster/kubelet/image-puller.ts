/**
 * ImagePuller is the image half of starting a container, like the kubelet's image manager
 * (EnsureImageExists): it honours imagePullPolicy, pulls through the container runtime with the
 * Pulling / Pulled / Failed / BackOff events, and after a failed pull backs that image off 10 s,
 * 20 s, 40 s… (at most 5 min), during which the container shows ImagePullBackOff. One per
 * kubelet, like the image manager, its back-off kept per pod and image (keyed `<pod uid>_<image>` as
 * the kubelet's backOffKey is): no puller object per pod.
 */
import type { Container } from '../api/types';
import type { SimContext } from '../sim/context';
import { goDuration, imageDigestRef, imageTag, normalizeImage } from './images';
import type { ContainerView } from './pod-status';
import type { ContainerRuntime } from './runtime';

/** IMAGE_BACKOFF_INITIAL_MS: image pull back-off starts at the kubelet's 10 s (and grows to 300 s, MaxContainerBackOff). */
export const IMAGE_BACKOFF_INITIAL_MS = 10_000;
/** IMAGE_BACKOFF_MAX_MS caps the back-off between pulls of an image that keeps failing. */
export const IMAGE_BACKOFF_MAX_MS = 300_000;
/** RESYNC_AFTER_ERROR_MS: after a failed pull the kubelet syncs the pod again shortly, which shows ImagePullBackOff. */
export const RESYNC_AFTER_ERROR_MS = 1_000;

/** NEVER_PULL_RESYNC_MS: a pod whose image may never be pulled is synced again after the pod worker's back-off period. */
export const NEVER_PULL_RESYNC_MS = 10_000;

/** ImageWait is why a container cannot start yet, and when (if ever) to try again. */
export interface ImageWait {
  reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull';
  message: string;
  /** Sync the pod again after this long; background: the wait does not count as work in progress. */
  retry?: { afterMs: number; background: boolean };
}

/**
 * PullClient is the pod worker a puller works for: the worker itself, so that no function is made
 * per pod for its events or per container start for the end of a pull.
 */
export interface PullClient {
  /** uid is the client's pod's uid: its back-off is its own. */
  readonly uid: string;
  /** recordEvent records an Event about the client's pod. */
  recordEvent(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void;
  /** imagePulled ends a pull ensure() answered 'pulling' for: `wait` is why the container cannot start, undefined when its image is ready. */
  imagePulled(view: ContainerView, wait: ImageWait | undefined): void;
}

/** pullPolicy is the container's imagePullPolicy with Kubernetes' default (Always for :latest). */
export function pullPolicy(container: Container): 'Always' | 'IfNotPresent' | 'Never' {
  return container.imagePullPolicy ?? (imageTag(container.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent');
}

/** ImagePuller gets pods' images onto the node, with per-pod, per-image pull back-off. */
export class ImagePuller {
  /** Back-off by `<pod uid>_<image>`; made on the first failed pull, which most nodes never have. */
  private backoff: Map<string, { delayMs: number; until: number }> | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly runtime: ContainerRuntime,
  ) {}

  /**
   * ensure gets the image of `spec` ready for `view`, whose imageRef is not set yet. Returns
   * 'ready' (imageRef and imageName are set: create the container now), 'pulling' (a pull is in
   * flight: the client's imagePulled hears how it went), or the wait to show now.
   */
  ensure(client: PullClient, spec: Container, view: ContainerView, fieldPath: string): 'ready' | 'pulling' | ImageWait {
    const image = spec.image ?? '';
    const policy = pullPolicy(spec);
    const present = this.runtime.hasImage(image);
    if (policy === 'Never' && !present) {
      // EnsureImageExists: never pulled; the pod worker syncs again after its 10 s back-off period.
      const message = `Container image "${image}" is not present with pull policy of Never`;
      client.recordEvent('Warning', 'ErrImageNeverPull', message, fieldPath);
      client.recordEvent('Warning', 'Failed', 'Error: ErrImageNeverPull', fieldPath);
      return { reason: 'ErrImageNeverPull', message, retry: { afterMs: NEVER_PULL_RESYNC_MS, background: true } };
    }
    if (policy === 'Always' || !present) {
      const backoff = this.backoff?.get(backoffKey(client, image));
      const now = this.ctx.loop.now();
      if (backoff && now < backoff.until) {
        client.recordEvent('Normal', 'BackOff', `Back-off pulling image "${image}"`, fieldPath);
        client.recordEvent('Warning', 'Failed', 'Error: ImagePullBackOff', fieldPath);
        return { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"`, retry: { afterMs: backoff.until - now, background: true } };
      }
      // The texts of a pull, which most pods have, joined with + (a template literal is a concat call in QuickJS).
      client.recordEvent('Normal', 'Pulling', 'Pulling image "' + image + '"', fieldPath);
      this.runtime.pullImage(image, policy === 'Always', (result) => {
        if (!result.ok) {
          const key = backoffKey(client, image);
          const previousDelay = this.backoff?.get(key)?.delayMs ?? 0;
          const delayMs = previousDelay === 0 ? IMAGE_BACKOFF_INITIAL_MS : Math.min(IMAGE_BACKOFF_MAX_MS, previousDelay * 2);
          (this.backoff ??= new Map()).set(key, { delayMs, until: this.ctx.loop.now() + delayMs });
          client.recordEvent('Warning', 'Failed', `Failed to pull image "${image}": ${result.message}`, fieldPath);
          client.recordEvent('Warning', 'Failed', 'Error: ErrImagePull', fieldPath);
          client.imagePulled(view, { reason: 'ErrImagePull', message: result.message, retry: { afterMs: RESYNC_AFTER_ERROR_MS, background: false } });
          return;
        }
        this.backoff?.delete(backoffKey(client, image));
        view.imageRef = result.imageRef;
        view.imageName = normalizeImage(image);
        const took = goDuration(result.pullMs) + ' (' + goDuration(result.totalMs) + ' including waiting)';
        client.recordEvent('Normal', 'Pulled', 'Successfully pulled image "' + image + '" in ' + took + '. Image size: ' + result.size + ' bytes.', fieldPath);
        client.imagePulled(view, undefined);
      });
      return 'pulling';
    }
    view.imageRef = imageDigestRef(image);
    view.imageName = normalizeImage(image);
    client.recordEvent('Normal', 'Pulled', 'Container image "' + image + '" already present on machine', fieldPath);
    return 'ready';
  }

  /** forget drops the back-off of `client`'s pod for an image (its container now wants another image). */
  forget(client: PullClient, image: string): void {
    this.backoff?.delete(backoffKey(client, image));
  }

  /** forgetPod drops every back-off of the pod with `uid` (its worker is done), as the kubelet's back-off GC would in time. */
  forgetPod(uid: string): void {
    const backoff = this.backoff;
    if (backoff === undefined) return;
    const prefix = uid + '_';
    for (const key of [...backoff.keys()]) if (key.startsWith(prefix)) backoff.delete(key);
  }
}

/** backoffKey is the kubelet's back-off key of a pod's image, `<pod uid>_<image>` (its parts joined with +: no concat call in QuickJS). */
function backoffKey(client: PullClient, image: string): string {
  return client.uid + '_' + image;
}
