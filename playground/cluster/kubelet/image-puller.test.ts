import { describe, expect, it } from 'vitest';
import type { Container } from '../api/types';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { IMAGE_BACKOFF_INITIAL_MS, ImagePuller, type ImageWait, type PullClient } from './image-puller';
import type { ContainerView } from './pod-status';
import { ContainerRuntime } from './runtime';

/** recordingClient is the pod worker of the pod with `uid`, recording what it hears. */
function recordingClient(uid: string) {
  const events: string[] = [];
  const pulled: [ContainerView, ImageWait | undefined][] = [];
  const client: PullClient = {
    uid,
    recordEvent: (type, reason, message, fieldPath) => events.push(`${type} ${reason} ${fieldPath}: ${message}`),
    imagePulled: (view, wait) => pulled.push([view, wait]),
  };
  return { client, events, pulled };
}

/** setup is a puller on a node with only the pause image, and a client (pod uid-1). */
function setup() {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  const runtime = new ContainerRuntime(ctx, 'node-1', '10.244.1.0/24');
  const images = new ImagePuller(ctx, runtime);
  const { client, events, pulled } = recordingClient('uid-1');
  const puller = { ensure: (spec: Container, view: ContainerView, path: string) => images.ensure(client, spec, view, path) };
  const view = (image: string): ContainerView => ({ name: 'app', image, state: 'waiting', reason: 'ContainerCreating', restartCount: 0 });
  return { loop, images, puller, events, pulled, view };
}

const fieldPath = 'spec.containers{app}';

describe('ImagePuller', () => {
  it('tells its client when a pull it started is over, with the Pulling and Pulled events, and finds the image present next time', () => {
    const { loop, puller, events, pulled, view } = setup();
    const spec: Container = { name: 'app', image: 'nginx:1.27' };
    const first = view('nginx:1.27');
    expect(puller.ensure(spec, first, fieldPath)).toBe('pulling');
    expect(pulled).toEqual([]);
    loop.runUntilQuiet();
    expect(pulled).toEqual([[first, undefined]]);
    expect(first.imageName).toBe('docker.io/library/nginx:1.27');
    expect(first.imageRef).toMatch(/^docker\.io\/library\/nginx@sha256:/);
    expect(events).toEqual([
      `Normal Pulling ${fieldPath}: Pulling image "nginx:1.27"`,
      `Normal Pulled ${fieldPath}: Successfully pulled image "nginx:1.27" in 2s (2s including waiting). Image size: 72195292 bytes.`,
    ]);
    // Present now: ready at once, and the client hears nothing more.
    const second = view('nginx:1.27');
    expect(puller.ensure(spec, second, fieldPath)).toBe('ready');
    expect(second.imageRef).toBe(first.imageRef);
    expect(events.at(-1)).toBe(`Normal Pulled ${fieldPath}: Container image "nginx:1.27" already present on machine`);
    expect(pulled).toHaveLength(1);
  });

  it('tells its client why a failed pull leaves the container waiting, then backs the image off', () => {
    const { loop, puller, events, pulled, view } = setup();
    const spec: Container = { name: 'app', image: 'nginx:broken' };
    const container = view('nginx:broken');
    expect(puller.ensure(spec, container, fieldPath)).toBe('pulling');
    loop.runUntilQuiet();
    expect(pulled).toHaveLength(1);
    const [heard, wait] = pulled[0];
    expect(heard).toBe(container);
    expect(wait?.reason).toBe('ErrImagePull');
    expect(wait?.message).toContain('failed to pull and unpack image "docker.io/library/nginx:broken"');
    expect(events.slice(-2).map((e) => e.split(':')[0])).toEqual([`Warning Failed ${fieldPath}`, `Warning Failed ${fieldPath}`]);
    // Within the back-off the next try shows ImagePullBackOff at once, without a pull to wait for.
    const backOff = puller.ensure(spec, container, fieldPath) as ImageWait;
    expect(backOff.reason).toBe('ImagePullBackOff');
    expect(backOff.retry?.afterMs).toBeLessThanOrEqual(IMAGE_BACKOFF_INITIAL_MS);
    expect(pulled).toHaveLength(1);
  });

  it('backs an image off for the pod whose pull failed only, until that pod is forgotten', () => {
    const { loop, images, puller, view } = setup();
    const spec: Container = { name: 'app', image: 'nginx:broken' };
    expect(puller.ensure(spec, view('nginx:broken'), fieldPath)).toBe('pulling');
    loop.runUntilQuiet();
    expect((puller.ensure(spec, view('nginx:broken'), fieldPath) as ImageWait).reason).toBe('ImagePullBackOff');
    // Another pod on the node pulls the same image at once: the back-off is per pod and image.
    const other = recordingClient('uid-2');
    expect(images.ensure(other.client, spec, view('nginx:broken'), fieldPath)).toBe('pulling');
    expect(other.events).toEqual([`Normal Pulling ${fieldPath}: Pulling image "nginx:broken"`]);
    loop.runUntilQuiet();
    expect((images.ensure(other.client, spec, view('nginx:broken'), fieldPath) as ImageWait).reason).toBe('ImagePullBackOff');
    // A pod whose worker is done leaves no back-off behind; the other pod's stays.
    images.forgetPod('uid-1');
    expect(puller.ensure(spec, view('nginx:broken'), fieldPath)).toBe('pulling');
    expect((images.ensure(other.client, spec, view('nginx:broken'), fieldPath) as ImageWait).reason).toBe('ImagePullBackOff');
    // forget drops one image's back-off of one pod (its container now wants another image).
    images.forget(other.client, 'nginx:broken');
    expect(images.ensure(other.client, spec, view('nginx:broken'), fieldPath)).toBe('pulling');
  });
});
