import { createCluster } from "kube";

// A control plane and two worker nodes. Time is virtual:
// it only moves while a call is awaited.
const cluster = createCluster();
console.log(await cluster.kubectl("get nodes"));
