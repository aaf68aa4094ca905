// Each kubelet renews a Lease named after its node in kube-node-lease, every 10 seconds.
const renewTime = async (node: string) =>
  (await cluster.client().get<any>({ resource: "leases", namespace: "kube-node-lease", name: node })).spec.renewTime;
console.log("node-2 lease renewed at", await renewTime("node-2"));
await cluster.run({ for: "10s" });
console.log("node-2 lease renewed at", await renewTime("node-2"));
console.log(await cluster.kubectl("get leases -n kube-node-lease"));
