import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/client';
import type { Pod, PodStatus } from '../api/types';
import { makePod } from '../scheduler/testing';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import type { PodView } from './pod-status';
import { reportPodStatus, type ReportedStatus } from './pod-status-reporter';

function setup() {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  const sent: { status: Record<string, unknown> }[] = [];
  let failNext = false;
  const client = {
    patch(_ref: unknown, body: { status: Record<string, unknown> }, _type: unknown, cb: (result: { ok: boolean }) => void) {
      sent.push(body);
      const ok = !failNext;
      failNext = false;
      loop.schedule(1, 'answer', () => cb({ ok }));
    },
  } as unknown as ApiClient;
  const pod: Pod = makePod('web');
  pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] };
  const view: PodView = { hostIP: '172.18.0.3', sandboxReady: false, startTime: '2026-01-01T00:00:01Z', containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };
  // What a pod worker keeps for its reports, and its two uses of it.
  const reported: ReportedStatus = { lastStatus: undefined, mustSendStatus: true };
  const reporter = {
    report: (reportedPod: Pod, reportedView: PodView, qos: string) => reportPodStatus(reported, ctx, client, reportedPod, reportedView, qos),
    resend: () => (reported.mustSendStatus = true),
  };
  return { loop, reporter, sent, pod, view, failWrite: () => (failNext = true) };
}

describe('reportPodStatus', () => {
  it('sends a status once, nothing while it stays the same, and nulls what went away when it changes', () => {
    const { loop, reporter, sent, pod, view } = setup();
    reporter.report(pod, view, 'BestEffort');
    reporter.report(pod, view, 'BestEffort');
    loop.advanceTo(2_000);
    reporter.report(pod, view, 'BestEffort');
    expect(sent).toHaveLength(1);
    expect(sent[0].status.phase).toBe('Pending');

    Object.assign(view.containers[0], { state: 'running', reason: undefined, containerId: 'c'.repeat(64), startedAt: '2026-01-01T00:00:02Z' });
    Object.assign(view, { sandboxReady: true, podIP: '10.244.1.2' });
    reporter.report(pod, view, 'BestEffort');
    expect(sent).toHaveLength(2);
    const containerStatus = (sent[1].status.containerStatuses as { state: unknown }[])[0];
    expect(containerStatus.state).toEqual({ running: { startedAt: '2026-01-01T00:00:02Z' }, waiting: null });
    // Only what changed goes out (a two-way patch): unchanged conditions keep their transition time
    // on the server and are not resent; the ones that flipped get the new one. The order is sent whole.
    const conditions = sent[1].status.conditions as { type: string; lastTransitionTime: string }[];
    expect(conditions.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Ready', 'ContainersReady']);
    expect(conditions.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe('2026-01-01T00:00:02Z');
    expect((sent[1].status['$setElementOrder/conditions'] as { type: string }[]).map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect('startTime' in sent[1].status).toBe(false);
  });

  it('sends an unchanged status again after a failed write and after resend()', () => {
    const { loop, reporter, sent, pod, view, failWrite } = setup();
    failWrite();
    reporter.report(pod, view, 'BestEffort');
    loop.advanceTo(10);
    reporter.report(pod, view, 'BestEffort');
    loop.advanceTo(20);
    reporter.report(pod, view, 'BestEffort');
    expect(sent).toHaveLength(2);
    reporter.resend();
    reporter.report(pod, view, 'BestEffort');
    expect(sent).toHaveLength(3);
    // Everything was sent before: no field is nulled.
    expect(JSON.stringify(sent[2])).not.toContain('null');
  });

  it("follows the API's PodScheduled condition, which the scheduler owns", () => {
    const { reporter, sent, pod, view } = setup();
    reporter.report(pod, view, 'BestEffort');
    const rescheduled: PodStatus = { ...pod.status, conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:05Z' }] };
    reporter.report({ ...pod, status: rescheduled }, view, 'BestEffort');
    expect(sent).toHaveLength(2);
    const scheduled = (sent[1].status.conditions as { type: string; lastTransitionTime: string }[]).find((c) => c.type === 'PodScheduled');
    expect(scheduled!.lastTransitionTime).toBe('2026-01-01T00:00:05Z');
  });
});

describe('reportPodStatus patches', () => {
  it('share no object with the API\'s frozen pod or with the status kept for the next report', () => {
    const { reporter, sent, pod, view } = setup();
    const apiScheduled = Object.freeze({ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
    pod.status = { phase: 'Pending', conditions: [apiScheduled] };
    reporter.report(pod, view, 'BestEffort');
    view.sandboxReady = true;
    view.podIP = '10.244.1.2';
    const rescheduled = Object.freeze({ ...apiScheduled, lastTransitionTime: '2026-01-01T00:00:01Z' });
    reporter.report({ ...pod, status: { phase: 'Pending', conditions: [rescheduled] } }, view, 'BestEffort');
    expect(sent).toHaveLength(2);
    expect((sent[0].status.conditions as Record<string, unknown>[])).not.toContain(apiScheduled);
    const conditions = sent[1].status.conditions as Record<string, unknown>[];
    expect(conditions.find((c) => c.type === 'PodScheduled')).toEqual({ type: 'PodScheduled', lastTransitionTime: '2026-01-01T00:00:01Z' });
    expect(conditions).not.toContain(rescheduled);
    // Changing what was sent (as a server taking the body over may) leaves the kubelet's own status
    // alone: the next report with no change sends nothing.
    for (const body of sent) for (const condition of body.status.conditions as Record<string, unknown>[]) condition.status = 'Changed';
    reporter.report({ ...pod, status: { phase: 'Pending', conditions: [rescheduled] } }, view, 'BestEffort');
    expect(sent).toHaveLength(2);
  });
});
