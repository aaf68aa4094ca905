/**
 * The "kube" module for chapter tests while playground/sandbox/kube-entry.ts (the page's real
 * entry) does not exist yet: the control plane, with createCluster remembered by the run registry
 * so runs report their trace and keys. Same wrapping as the sandbox's fixture entry. Once
 * kube-entry.ts lands, chapter-steps.ts uses that instead and this file is only a fallback.
 */
import { createCluster as createUnrememberedCluster } from '../../playground/cluster/index';
import { installRunHook, rememberCluster } from '../../playground/sandbox/run-registry';

export * from '../../playground/cluster/index';

/** createCluster starts a cluster and remembers it for the run's results. */
export function createCluster(...args: Parameters<typeof createUnrememberedCluster>): ReturnType<typeof createUnrememberedCluster> {
  return rememberCluster(createUnrememberedCluster(...args));
}

installRunHook();
