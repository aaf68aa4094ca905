// Stop node-2's kubelet: no more lease renewals, no more status updates.
cluster.node("node-2").stop();
await cluster.run({ for: "30s" });
console.log(await cluster.kubectl("get nodes"));
// The node-lifecycle controller (in kube-controller-manager) waits 40 s, then acts.
await cluster.run({ for: "30s" });
console.log(await cluster.kubectl("get nodes"));
const node2 = await cluster.client().get<any>({ resource: "nodes", name: "node-2" });
console.log(node2.spec.taints);
console.log(node2.status.conditions.find((c: any) => c.type === "Ready"));

// Start the kubelet again: its next heartbeat makes the node Ready and the taints go away.
cluster.node("node-2").start();
await cluster.run({ for: "15s" });
console.log(await cluster.kubectl("get nodes"));
