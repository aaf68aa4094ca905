import { createCluster } from "kube";

// Without kubeadm, kube-apiserver is often a systemd service and its flags live in the unit file.
const handMade = createCluster({ nodes: 1, setup: "systemd" });
const unit = "/etc/systemd/system/kube-apiserver.service";
console.log(await handMade.host.sh(`grep -e ExecStart -e authorization -e etcd-servers ${unit}`));

// Editing the file changes nothing until systemd reloads it and the service restarts.
await handMade.host.sh(`sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' ${unit}`);
console.log(await handMade.host.sh("systemctl status kube-apiserver | head -3"));
await handMade.host.sh("systemctl daemon-reload");
await handMade.host.sh("systemctl restart kube-apiserver");
await handMade.run({ until: () => handMade.host.status().state === "running", timeout: "1m" });
console.log(await handMade.host.sh("systemctl status kube-apiserver | grep -e Active -e 'Main PID'"));
console.log(await handMade.host.sh("systemctl status kube-apiserver | grep -o 'authorization-mode=[A-Za-z,]*'"));
