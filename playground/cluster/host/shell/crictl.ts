/**
 * crictl on a kubeadm node: `crictl ps [-a] [-q] [--name N]` lists the control-plane containers, and
 * `crictl logs <id|name>` prints what a container wrote, which is where a kube-apiserver that
 * refused its flags explains itself.
 */
import type { ContainerList } from '../containers';
import type { Journal } from '../journal';
import { fail, ok } from './shell';
import type { Command } from './shell';

/** crictlCommand returns crictl over the node's containers and their logs. */
export function crictlCommand(containers: ContainerList, journal: Journal): Command {
  return (args) => {
    const [verb, ...rest] = args;
    if (verb === 'ps') {
      let all = false;
      let quiet = false;
      let name: string | undefined;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '-a' || rest[i] === '--all') all = true;
        else if (rest[i] === '-q' || rest[i] === '--quiet') quiet = true;
        else if (rest[i] === '-aq' || rest[i] === '-qa') all = quiet = true;
        else if (rest[i] === '--name') name = rest[++i];
        else if (rest[i].startsWith('--name=')) name = rest[i].slice(7);
      }
      const records = containers.list(all).filter((r) => name === undefined || new RegExp(name).test(r.name));
      // -q prints full container ids only, one per line, for `crictl logs $(crictl ps -a -q …)`.
      return ok(quiet ? records.map((r) => `${r.id}\n`).join('') : containers.format(records));
    }
    if (verb === 'logs') {
      const target = rest.filter((a) => !a.startsWith('-')).pop();
      if (!target) return fail('crictl logs: ID cannot be empty', 1);
      const record = containers.find(target);
      if (!record) return fail(`E0101 00:00:00.000000    4242 remote_runtime.go:432] "ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${target}\\": not found"`, 1);
      const lines = journal.lines(`container:${record.id}`);
      return { stdout: '', stderr: lines.map((l) => `${l.message}\n`).join(''), exitCode: 0 };
    }
    return fail(`crictl: this node supports "crictl ps [-a] [--name NAME]" and "crictl logs CONTAINER"`, 1);
  };
}
