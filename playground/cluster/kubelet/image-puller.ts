/**
 * ImagePuller is the image half of starting a container, like the kubelet's image manager
 * (EnsureImageExists): it honours imagePullPolicy, pulls through the container runtime with the
 * Pulling / Pulled / Failed / BackOff events, and after a failed pull backs that image off 10 s,
 * 20 s, 40 s… (at most 5 min), during which the container shows ImagePullBackOff. One per pod
 * worker, as the back-off is per pod and image.
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

/** PullerHost is what the puller needs from its kubelet (a pod worker's host is one). */
export interface PullerHost {
  readonly ctx: SimContext;
  readonly runtime: ContainerRuntime;
}

/**
 * PullClient is the pod worker a puller works for: the worker itself, so that no function is made
 * per pod for its events or per container start for the end of a pull.
 */
export interface PullClient {
  /** recordEvent records an Event about the client's pod. */
  recordEvent(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void;
  /** imagePulled ends a pull ensure() answered 'pulling' for: `wait` is why the container cannot start, undefined when its image is ready. */
  imagePulled(view: ContainerView, wait: ImageWait | undefined): void;
}

/** pullPolicy is the container's imagePullPolicy with Kubernetes' default (Always for :latest). */
export function pullPolicy(container: Container): 'Always' | 'IfNotPresent' | 'Never' {
  return container.imagePullPolicy ?? (imageTag(container.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent');
}

/** ImagePuller gets one pod's images onto the node, with per-image pull back-off. */
export class ImagePuller {
  /** Back-off by image; made on the first failed pull, which most pods never have. */
  private backoff: Map<string, { delayMs: number; until: number }> | undefined;

  constructor(
    private readonly host: PullerHost,
    private readonly client: PullClient,
  ) {}

  /**
   * ensure gets the image of `spec` ready for `view`, whose imageRef is not set yet. Returns
   * 'ready' (imageRef and imageName are set: create the container now), 'pulling' (a pull is in
   * flight: the client's imagePulled hears how it went), or the wait to show now.
   */
  ensure(spec: Container, view: ContainerView, fieldPath: string): 'ready' | 'pulling' | ImageWait {
    const image = spec.image ?? '';
    const policy = pullPolicy(spec);
    const present = this.host.runtime.hasImage(image);
    if (policy === 'Never' && !present) {
      // EnsureImageExists: never pulled; the pod worker syncs again after its 10 s back-off period.
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.client.recordEvent('Warning', 'ErrImageNeverPull', message, fieldPath);
      this.client.recordEvent('Warning', 'Failed', 'Error: ErrImageNeverPull', fieldPath);
      return { reason: 'ErrImageNeverPull', message, retry: { afterMs: NEVER_PULL_RESYNC_MS, background: true } };
    }
    if (policy === 'Always' || !present) {
      const backoff = this.backoff?.get(image);
      const now = this.host.ctx.loop.now();
      if (backoff && now < backoff.until) {
        this.client.recordEvent('Normal', 'BackOff', `Back-off pulling image "${image}"`, fieldPath);
        this.client.recordEvent('Warning', 'Failed', 'Error: ImagePullBackOff', fieldPath);
        return { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"`, retry: { afterMs: backoff.until - now, background: true } };
      }
      this.client.recordEvent('Normal', 'Pulling', `Pulling image "${image}"`, fieldPath);
      this.host.runtime.pullImage(image, policy === 'Always', (result) => {
        if (!result.ok) {
          const previousDelay = this.backoff?.get(image)?.delayMs ?? 0;
          const delayMs = previousDelay === 0 ? IMAGE_BACKOFF_INITIAL_MS : Math.min(IMAGE_BACKOFF_MAX_MS, previousDelay * 2);
          (this.backoff ??= new Map()).set(image, { delayMs, until: this.host.ctx.loop.now() + delayMs });
          this.client.recordEvent('Warning', 'Failed', `Failed to pull image "${image}": ${result.message}`, fieldPath);
          this.client.recordEvent('Warning', 'Failed', 'Error: ErrImagePull', fieldPath);
          this.client.imagePulled(view, { reason: 'ErrImagePull', message: result.message, retry: { afterMs: RESYNC_AFTER_ERROR_MS, background: false } });
          return;
        }
        this.backoff?.delete(image);
        view.imageRef = result.imageRef;
        view.imageName = normalizeImage(image);
        const took = `${goDuration(result.pullMs)} (${goDuration(result.totalMs)} including waiting)`;
        this.client.recordEvent('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took}. Image size: ${result.size} bytes.`, fieldPath);
        this.client.imagePulled(view, undefined);
      });
      return 'pulling';
    }
    view.imageRef = imageDigestRef(image);
    view.imageName = normalizeImage(image);
    this.client.recordEvent('Normal', 'Pulled', `Container image "${image}" already present on machine`, fieldPath);
    return 'ready';
  }

  /** forget drops an image's back-off (its container now wants another image). */
  forget(image: string): void {
    this.backoff?.delete(image);
  }
}
