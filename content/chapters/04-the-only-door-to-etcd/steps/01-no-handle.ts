import { createCluster } from "kube";

const cluster = createCluster({ nodes: 1 });
// Every component is given one connection: a kubeconfig with the API server's address and its identity.
console.log(await cluster.host.sh("grep -E 'server:|user: system' /etc/kubernetes/scheduler.conf"));
console.log("does the scheduler hold an etcd client?", "etcd" in cluster.scheduler);

// Even on the control-plane node, etcd only answers clients with a certificate its CA signed.
console.log(await cluster.host.sh("etcdctl get /registry/minions --prefix --keys-only"));
const pki = "/etc/kubernetes/pki";
const tls = `--cacert ${pki}/etcd/ca.crt --cert ${pki}/apiserver-etcd-client.crt --key ${pki}/apiserver-etcd-client.key`;
console.log(await cluster.host.sh(`etcdctl ${tls} get /registry/minions --prefix --keys-only`));
