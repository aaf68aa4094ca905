/**
 * AdmittedRequests is what kubelet admission checks a new pod against: the resource requests of
 * the pods the kubelet runs (its workers), added up in worker order. Like the kubelet's predicate
 * admit handler it counts every active pod, but the sum is kept between admissions instead of
 * walking every worker of the node for each new pod (a node of 110 pods walked 110 workers per
 * admission): a pod admitted is added to the sum, at the end as it is added at the end of the
 * workers' map, so the sum is the one the walk gives, addition for addition (floating-point sums
 * depend on their order). A worker that leaves or whose requests may have changed drops the sum;
 * the next admission walks the workers again.
 */
import type { Requests } from '../scheduler/pod-info';

/** RequestsHolder is what the sum reads of a worker: its pod's requests (computed when first asked). */
export interface RequestsHolder {
  readonly requests: Requests;
}

export class AdmittedRequests {
  /** The sum over the first `counted` workers, or undefined when it must be walked again. */
  private sum: Requests | undefined = { milliCpu: 0, memory: 0 };
  /** How many workers `sum` covers: another count (a map changed behind our back) means a walk. */
  private counted = 0;

  /**
   * total is the summed requests of `workers` (the kubelet's workers, in their order). The object
   * is the kept sum: read it before the next added() or dropped().
   */
  total(workers: ReadonlyMap<string, RequestsHolder>): Requests {
    if (this.sum !== undefined && this.counted === workers.size) return this.sum;
    const sum = { milliCpu: 0, memory: 0 };
    for (const worker of workers.values()) {
      const requests = worker.requests;
      sum.milliCpu += requests.milliCpu;
      sum.memory += requests.memory;
    }
    this.sum = sum;
    this.counted = workers.size;
    return sum;
  }

  /**
   * added counts a worker just added at the end of `workers` for a pod admitted with `requests`;
   * `workers` is the map with it. A sum that did not cover every worker before it is dropped.
   */
  added(requests: Requests, workers: ReadonlyMap<string, RequestsHolder>): void {
    const sum = this.sum;
    if (sum === undefined || this.counted !== workers.size - 1) {
      this.sum = undefined;
      return;
    }
    sum.milliCpu += requests.milliCpu;
    sum.memory += requests.memory;
    this.counted++;
  }

  /** dropped forgets the sum: a worker left, or joined without admission, or its pod's requests may have changed. */
  dropped(): void {
    this.sum = undefined;
  }
}
