/**
 * Pod status reporting is the status half of a pod worker, like the kubelet's status manager: it
 * turns the worker's view of the pod into a PodStatus and PATCHes pods/<name>/status (strategic
 * merge) when that status differs from the one last sent. The new status is compared with the
 * last one as data (jsonEqual), not as JSON text, and PodScheduled is taken from the API's copy
 * without building merged condition lists: a report that changes nothing costs little. What it
 * keeps between reports (ReportedStatus) is held by the pod worker itself rather than by a
 * reporter object beside it: one object fewer kept per pod, as with the worker's PodView.
 */
import type { ApiClient } from '../api/client';
import { handOver } from '../api/transport';
import type { Pod, PodCondition, PodStatus } from '../api/types';
import type { SimContext } from '../sim/context';
import { timestamp } from '../sim/time';
import { builtConditionOrder, copyBuiltStatus, markBuiltPlainItems, podStatusFromView, type PodView } from './pod-status';
import { builtStatusDiff } from './built-status-diff';
import { firstStatusPatch, statusPatchOf } from './status-patch';

/** ReportedStatus is what reporting keeps of one pod's status between reports (its worker holds it). */
export interface ReportedStatus {
  /**
   * The status last sent: the base of the next two-way patch. The real kubelet diffs against the
   * pod it GETs just before patching; this one patches without that GET (as it always has: the
   * trace shows no such request), so its base is what it wrote itself. A field another writer changed
   * since is left as they set it until the kubelet's own value changes (or a resend sends all).
   */
  lastStatus: PodStatus | undefined;
  /** The next report goes out even if unchanged: nothing sent yet, a write failed, or the kubelet restarted (set it to resend). */
  mustSendStatus: boolean;
}

/**
 * reportPodStatus computes the status of `pod` from `view` (`qos` is its QoS class) and sends it
 * through `client` if it changed since what `reported` holds, which it then updates. Transition
 * times come from the status last sent; PodScheduled, which the scheduler owns, from the API's copy
 * of the pod when it has one.
 */
export function reportPodStatus(reported: ReportedStatus, ctx: SimContext, client: ApiClient, pod: Pod, view: PodView, qos: string): void {
  const now = timestamp(ctx.loop.now());
  const sentBefore = reported.lastStatus;
  const previousConditions = sentBefore ? (sentBefore.conditions ?? []) : (pod.status?.conditions ?? []);
  const scheduled = sentBefore ? scheduledCondition(pod.status) : undefined;
  // The status last sent was built here too: its unchanged parts are reused (and so skipped by the diff).
  const status = podStatusFromView(view, previousConditions, scheduled, qos, now, sentBefore);
  let body: Record<string, unknown>;
  if (reported.mustSendStatus || sentBefore === undefined) {
    // The patch is a copy of the status made by its known shape (its nulls added in place when
    // something was sent before): plain JSON that shares nothing the kubelet keeps, so the
    // transport need not copy it. A built status (so its copy) has no undefined fields: a first one
    // goes as it is, the items it built marked as plain for the server's merge.
    const again = copyBuiltStatus(status);
    body = sentBefore === undefined ? firstStatusPatch(markBuiltPlainItems(again), builtConditionOrder()) : statusPatchOf(sentBefore, again);
  } else {
    // Only what changed since the status last written, as the real kubelet's two-way patch; no
    // difference means nothing to send.
    const diff = builtStatusDiff(sentBefore, status);
    if (diff === undefined) return;
    body = diff;
  }
  reported.mustSendStatus = false;
  reported.lastStatus = status;
  const meta = pod.metadata;
  client.patch(
    { resource: 'pods', namespace: meta.namespace ?? 'default', name: meta.name ?? '', subresource: 'status' },
    handOver({ metadata: { uid: meta.uid ?? '' }, status: body }),
    'strategic',
    (result) => {
      // A failed write is retried with the next change or resync; forget what we think we sent.
      if (!result.ok) reported.mustSendStatus = true;
    },
  );
}

/** scheduledCondition is the API's PodScheduled condition, which the kubelet does not own. */
function scheduledCondition(api: PodStatus | undefined): PodCondition | undefined {
  const conditions = api?.conditions;
  if (!conditions) return undefined;
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === 'PodScheduled') return conditions[i];
  return undefined;
}
