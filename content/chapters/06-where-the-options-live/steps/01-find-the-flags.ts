import { createCluster } from "kube";

// A kubeadm cluster. jane has a token (kubeadm itself does not add a token file; we do).
const cluster = createCluster({ nodes: 1, users: [{ name: "jane", token: "jane-token-8f3a" }] });
const manifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";

// The running process: its command line is the flags.
console.log(await cluster.host.sh("ps -aux | grep kube-apiserver"));
// Where they come from: the static pod manifest the node's kubelet runs.
console.log(await cluster.host.sh(`grep -e etcd -e client-ca -e service-account -e secure-port -e authorization ${manifest}`));
