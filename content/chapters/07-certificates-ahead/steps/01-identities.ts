import { createCluster } from "kube";

const cluster = createCluster({ nodes: 1 });
// Each kubeconfig on a kubeadm control-plane node carries a client certificate. The API server
// reads the user from its subject: CN is the user name, each O is a group.
for (const file of ["admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf"]) {
  const line = await cluster.host.sh(`grep 'certificate subject' /etc/kubernetes/${file}`);
  console.log(file.padEnd(24), line.split("subject: ")[1]?.trim());
}
