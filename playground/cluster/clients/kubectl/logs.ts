/**
 * `kubectl logs POD [-c CONTAINER]`. Real kubectl GETs the pod, picks the container, and GETs
 * pods/NAME/log, which kube-apiserver proxies to the kubelet, which reads the file containerd
 * wrote. The playground's containers run no process and write nothing, so after the same checks
 * (the pod exists, the container is one of its own) kubectl says so plainly rather than letting
 * a missing endpoint look like a missing pod.
 */
import type { ApiClient } from '../../api/client';
import type { Pod } from '../../api/types';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { stringFlag, UsageError } from './flags';
import type { OutputBuffer } from './result';

/** LOGS_FLAGS are the flags `kubectl logs` accepts besides the global ones. */
export const LOGS_FLAGS = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
] as const;

/** noLogsText explains why there is nothing to print. */
export function noLogsText(pod: string, container: string): string {
  return `error: no logs for container "${container}" in pod "${pod}": the playground's container runtime is simulated; its containers run no process and keep no logs (kubectl describe pod ${pod} shows what the kubelet did)`;
}

/** kubectlLogs runs `kubectl logs`. */
export function kubectlLogs(client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const [first, second] = args.positionals;
  if (!first) throw new UsageError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
  const slash = first.indexOf('/');
  if (slash > 0 && !['pod', 'pods', 'po'].includes(first.slice(0, slash).toLowerCase())) {
    throw new UsageError(`logs of ${first.slice(0, slash)} are not modelled in the playground; give a pod name`);
  }
  const name = slash > 0 ? first.slice(slash + 1) : first;
  const asked = stringFlag(args, 'container') ?? second;
  client.get<Pod>({ resource: 'pods', namespace, name }, (result) => {
    if (!result.ok) {
      out.err(statusErrorText(result.status));
      return done();
    }
    const names = result.value.spec.containers.map((c) => c.name);
    if (asked !== undefined && !names.includes(asked)) {
      out.err(`Error from server (BadRequest): container ${asked} is not valid for pod ${name}`);
      return done();
    }
    if (asked === undefined && names.length > 1) out.note(`Defaulted container "${names[0]}" out of: ${names.join(', ')}`);
    out.err(noLogsText(name, asked ?? names[0]));
    done();
  });
}
