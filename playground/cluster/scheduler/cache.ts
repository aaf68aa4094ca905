/**
 * SchedulerCache is the scheduler's view of the cluster: a NodeInfo per node and which node each
 * assigned pod is on. A pod the scheduler has decided on is *assumed* onto its node at once, before
 * the binding reaches the API server, so the next pod already sees those resources as taken; the
 * watch later confirms the binding, or a failed binding makes the scheduler forget it.
 */
import type { Node, Pod } from '../api/types';
import { NodeBoard } from './node-board';
import { NodeInfo } from './node-info';
import { computePodInfo, podInfoOf, podKey, refreshPodInfo, type PodInfo } from './pod-info';

export class SchedulerCache {
  private readonly nodeInfos = new Map<string, NodeInfo>();
  /**
   * The nodes that exist, by name, with their NodeInfo (the one `nodeInfos` holds: a NodeInfo may
   * outlive its node while pods still point at it). One lookup answers both "is it there" and
   * "which NodeInfo", asked for every watch event of a bound pod.
   */
  private readonly presentNodes = new Map<string, NodeInfo>();
  /**
   * The node of each pod on one (assumed or confirmed) by uid, and the uids of the assumed ones, as
   * kube-scheduler's cache keeps podStates and assumedPods: a node name and a set member rather
   * than a state record per pod, one object fewer for every pod in the cluster.
   */
  private readonly podNodes = new Map<string, string>();
  private readonly assumedPods = new Set<string>();
  private sortedNodes: NodeInfo[] | undefined;
  /** The NodeInfos attached to `board`: the last node list made. */
  private boardNodes: readonly NodeInfo[] = [];
  private board = new NodeBoard(0);

  /** nodeList returns the existing nodes' NodeInfos sorted by name (cached until nodes change). */
  nodeList(): NodeInfo[] {
    if (!this.sortedNodes) {
      this.sortedNodes = [...this.presentNodes.keys()].sort().map((name) => this.presentNodes.get(name)!);
      for (const info of this.boardNodes) info.attachBoard(undefined, 0);
      this.board = new NodeBoard(this.sortedNodes.length);
      const board = this.board;
      this.sortedNodes.forEach((info, slot) => info.attachBoard(board, slot));
      this.boardNodes = this.sortedNodes;
    }
    return this.sortedNodes;
  }

  /**
   * nodeBoard is the generation board of nodeList(): its generations and the log of their changes
   * (a new board for every new list).
   */
  nodeBoard(): NodeBoard {
    this.nodeList();
    return this.board;
  }

  /** nodeInfo returns the NodeInfo of an existing node. */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.presentNodes.get(name);
  }

  /** setNode adds or updates a node. */
  setNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.nodeInfos.get(name);
    if (info) info.setNode(node);
    else this.nodeInfos.set(name, (info = new NodeInfo(node)));
    if (!this.presentNodes.has(name)) {
      this.presentNodes.set(name, info);
      this.sortedNodes = undefined;
    }
  }

  /** removeNode forgets a node; its pods' NodeInfo lingers until they are gone too. */
  removeNode(name: string): void {
    if (this.presentNodes.delete(name)) this.sortedNodes = undefined;
    const info = this.nodeInfos.get(name);
    if (info && info.podCount === 0) this.nodeInfos.delete(name);
  }

  /** assume puts a pod on a node before the API server has confirmed the binding. */
  assume(pod: PodInfo, nodeName: string): void {
    this.place(pod, nodeName, true);
  }

  /** forget undoes assume after a failed binding. */
  forget(uid: string): void {
    if (this.assumedPods.has(uid)) this.removePodByUid(uid);
  }

  /** isAssumed says whether a pod is assumed and not yet confirmed by the watch. */
  isAssumed(uid: string): boolean {
    return this.assumedPods.has(uid);
  }

  /** nodeOf returns the node a pod is on (assumed or confirmed). */
  nodeOf(uid: string): string | undefined {
    return this.podNodes.get(uid);
  }

  /**
   * setAssignedPod records (or confirms) a pod the API server says is on `spec.nodeName`, and
   * returns the PodInfo it now holds for it: one refreshed from the PodInfo held before shares its
   * key (for a pod this scheduler assumed, the scheduling queue's own key string).
   */
  setAssignedPod(pod: Pod): PodInfo {
    // Every watch event brings a new object, so caching its PodInfo would never pay off.
    const uid = pod.metadata.uid ?? podKey(pod);
    const knownNode = this.podNodes.get(uid);
    const nodeName = pod.spec.nodeName ?? '';
    // Re-add even when known: requests and ports are read from the newest object. The common
    // case (a status update, or the watch confirming an assumed pod, on an existing node) swaps
    // the pod on its NodeInfo and keeps the bookkeeping record, as remove-then-place would; its
    // PodInfo is refreshed from the one the node holds, without parsing the same requests again.
    const nodeInfo = knownNode === nodeName ? this.presentNodes.get(nodeName) : undefined;
    if (nodeInfo !== undefined) {
      const known = nodeInfo.pods.get(uid);
      const refreshed = known === undefined ? computePodInfo(pod) : refreshPodInfo(known, pod);
      nodeInfo.replacePod(refreshed, known);
      this.assumedPods.delete(uid);
      return refreshed;
    }
    const info = computePodInfo(pod);
    if (knownNode !== undefined) this.removePodByUid(info.uid);
    this.place(info, nodeName, false);
    return info;
  }

  /** removePod drops a pod that was deleted or finished. */
  removePod(pod: Pod): void {
    this.removePodByUid(podInfoOf(pod).uid);
  }

  private place(pod: PodInfo, nodeName: string, assumed: boolean): void {
    let info = this.nodeInfos.get(nodeName);
    if (!info) {
      // A pod can arrive before its node: keep its usage on a NodeInfo the node will fill in.
      info = new NodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName }, spec: {} });
      this.nodeInfos.set(nodeName, info);
    }
    info.addPod(pod);
    this.podNodes.set(pod.uid, nodeName);
    if (assumed) this.assumedPods.add(pod.uid);
  }

  private removePodByUid(uid: string): void {
    const nodeName = this.podNodes.get(uid);
    if (nodeName === undefined) return;
    this.podNodes.delete(uid);
    this.assumedPods.delete(uid);
    const info = this.nodeInfos.get(nodeName);
    if (!info) return;
    info.removePod(uid);
    if (info.podCount === 0 && !this.presentNodes.has(nodeName)) this.nodeInfos.delete(nodeName);
  }
}
