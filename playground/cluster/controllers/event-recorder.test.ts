import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { EventRecorder, SEEN_CAPACITY } from './event-recorder';
import { startTestCluster } from './test-cluster';

const pod = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { containers: [] } });

function setup() {
  const cluster = startTestCluster({ nodes: [] });
  // The recorder talks as the scheduler does (system:kube-scheduler may create and patch events).
  const recorder = new EventRecorder(cluster.admin, cluster.ctx, { component: 'default-scheduler' });
  const events = () => cluster.list<Event>('events', 'default');
  return { cluster, recorder, events };
}

describe('EventRecorder', () => {
  it('posts an Event that reads back as sent, with no host in the source when there is none', () => {
    const { cluster, recorder, events } = setup();
    recorder.event(pod('web'), 'Normal', 'Scheduled', 'Successfully assigned default/web to node-1');
    cluster.run();
    const [event] = events();
    expect(event).toMatchObject({
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'uid-web', apiVersion: 'v1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to node-1',
      type: 'Normal',
      count: 1,
      source: { component: 'default-scheduler' },
    });
    expect(Object.keys(event.source ?? {})).toEqual(['component']);
  });

  it('bumps the count of a repeated event instead of creating another', () => {
    const { cluster, recorder, events } = setup();
    for (let i = 0; i < 3; i++) recorder.event(pod('web'), 'Warning', 'BackOff', 'Back-off pulling image "nginx:nope"');
    cluster.run();
    expect(events().map((e) => e.count)).toEqual([3]);
  });

  it(`forgets the least recently repeated event past ${SEEN_CAPACITY} distinct ones, as client-go's LRU does`, () => {
    const { cluster, recorder, events } = setup();
    recorder.event(pod('old'), 'Normal', 'Pulled', 'forgotten');
    recorder.event(pod('kept'), 'Normal', 'Pulled', 'refreshed');
    for (let i = 0; i < SEEN_CAPACITY - 2; i++) recorder.event(pod(`p${i}`), 'Normal', 'Created', 'Created container app');
    recorder.event(pod('kept'), 'Normal', 'Pulled', 'refreshed'); // a repeat: now the most recent
    recorder.event(pod('new'), 'Normal', 'Pulled', 'one more'); // pushes the least recent out: "old"
    recorder.event(pod('old'), 'Normal', 'Pulled', 'forgotten');
    recorder.event(pod('kept'), 'Normal', 'Pulled', 'refreshed');
    cluster.run();
    const about = (name: string) => events().filter((e) => e.involvedObject.name === name).map((e) => e.count);
    expect(about('old')).toEqual([1, 1]);
    expect(about('kept')).toEqual([3]);
  });

  it('refers to a stored object by all its fields in the API order, the field path last, and leaves absent ones out', () => {
    const { cluster, recorder, events } = setup();
    const stored: Pod = { ...pod('stored'), metadata: { ...pod('stored').metadata, resourceVersion: '7' } };
    recorder.event(stored, 'Normal', 'Pulled', 'with path', 'spec.containers{app}');
    recorder.event(stored, 'Normal', 'Scheduled', 'without path');
    recorder.event({ kind: 'Pod', metadata: { name: 'bare' } }, 'Normal', 'Pulled', 'bare');
    cluster.run();
    const involved = (message: string) => events().find((e) => e.message === message)!.involvedObject;
    expect(Object.entries(involved('with path'))).toEqual([
      ['kind', 'Pod'], ['namespace', 'default'], ['name', 'stored'], ['uid', 'uid-stored'], ['apiVersion', 'v1'], ['resourceVersion', '7'], ['fieldPath', 'spec.containers{app}'],
    ]);
    expect(Object.keys(involved('without path'))).toEqual(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion']);
    expect(Object.entries(involved('bare'))).toEqual([['kind', 'Pod'], ['name', 'bare']]);
  });
});
