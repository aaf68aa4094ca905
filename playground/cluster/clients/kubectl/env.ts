/**
 * KubectlEnv is what a kubectl command runs against: the API client of the kubeconfig's user,
 * a way to get another user's client for `--as`, and the virtual clock for AGE columns and
 * `--timeout`. Commands never touch etcd or the server's internals, only the ApiClient.
 */
import type { ApiClient } from '../../api/client';
import type { EventLoop } from '../../sim/loop';

/** KubectlEnv is the command's connection to the cluster. */
export interface KubectlEnv {
  /** The current kubeconfig user's client. */
  client: ApiClient;
  /**
   * clientFor returns a client with `user`'s own credentials, for `--as USER`. Real kubectl
   * impersonates instead (which needs the `impersonate` verb); the playground simply switches
   * credentials, which gives the same answers for the users it knows.
   */
  clientFor?(user: string): ApiClient | undefined;
  /** The simulation loop: the clock for AGE, and timers for `--timeout`. */
  loop: EventLoop;
  /** readFile returns a file's text for `-f PATH` (undefined: no such file). Without it only `-f -` works. */
  readFile?(path: string): string | undefined;
  /** Namespace when neither -n nor the object names one (kubeconfig context namespace). Default "default". */
  defaultNamespace?: string;
}

/** CLIENT_VERSION is the kubectl release the output imitates. */
export const CLIENT_VERSION = { gitVersion: 'v1.32.0', kustomize: 'v5.5.0' };

/** forEachSeries runs an asynchronous step per item, one after another, then calls finish. */
export function forEachSeries<T>(items: readonly T[], step: (item: T, next: () => void) => void, finish: () => void): void {
  let index = 0;
  const next = (): void => {
    if (index >= items.length) return finish();
    step(items[index++], next);
  };
  next();
}
