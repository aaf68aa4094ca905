import { describe, expect, it } from 'vitest';
import type { PodStatus } from '../api/types';
import { applyPatch } from '../api/patch';
import { statusPatch } from './status-patch';

const creating: PodStatus = {
  phase: 'Pending',
  conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' }],
  containerStatuses: [
    { name: 'nginx', ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } },
  ],
};
const running: PodStatus = {
  phase: 'Running',
  podIP: '10.244.1.2',
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [
    {
      name: 'nginx',
      ready: true,
      restartCount: 0,
      image: 'docker.io/library/nginx:1.27',
      imageID: 'docker.io/library/nginx@sha256:abc',
      state: { running: { startedAt: '2026-01-01T00:00:03Z' } },
    },
  ],
};

describe('statusPatch', () => {
  it('clears what the kubelet no longer reports, so the stored status is exactly the new one', () => {
    const stored = applyPatch('strategic', { status: creating }, { status: statusPatch(creating, running) }) as { status: PodStatus };
    expect(stored.status.containerStatuses?.[0].state).toEqual({ running: { startedAt: '2026-01-01T00:00:03Z' } });
    expect(stored.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    expect(stored.status.phase).toBe('Running');
  });

  it('sends no nulls on the first report', () => {
    const patch = statusPatch(undefined, creating);
    expect(JSON.stringify(patch)).not.toContain('null');
    expect(patch['$setElementOrder/conditions']).toEqual([{ type: 'Ready' }]);
  });
});
