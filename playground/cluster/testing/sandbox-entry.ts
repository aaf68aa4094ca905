/**
 * A "kube" module entry for tests that run steps both in Node and in the QuickJS sandbox: the
 * public API of playground/cluster, with every created cluster remembered by the sandbox's run
 * registry (so the runner can collect its trace and keys). The site's own entry does the same.
 */
import { createCluster as createUnrememberedCluster } from '../index';
import { installRunHook, rememberCluster } from '../../sandbox/run-registry';

export * from '../index';

/** createCluster makes a cluster and remembers it for the run's results. */
export function createCluster(...args: Parameters<typeof createUnrememberedCluster>): ReturnType<typeof createUnrememberedCluster> {
  return rememberCluster(createUnrememberedCluster(...args));
}

installRunHook();
