/**
 * The "kube" module that steps import: the public API of playground/cluster, with every created
 * cluster remembered by the run registry so the runner can collect its trace and keys. The page's
 * bundle and the Node/QuickJS equivalence tests both start here.
 */
import { createCluster as createUnrememberedCluster } from '../cluster/index';
import { setFreezeGuard } from '../cluster/sim/freeze';
import { installRunHook, rememberCluster } from './run-registry';

export * from '../cluster/index';

/** createCluster makes a cluster and remembers it for the run's results. */
export function createCluster(...args: Parameters<typeof createUnrememberedCluster>): ReturnType<typeof createUnrememberedCluster> {
  return rememberCluster(createUnrememberedCluster(...args));
}

installRunHook();
// Freezing shared objects is a test-time guard; in QuickJS every frozen object costs a shape of
// its own (about 10% of the speed and 100 MB at 10,000 pods), and the page's runs share nothing
// with reader code: readers always get copies.
setFreezeGuard(false);
