import { createCluster } from "kube";

// Press Run (or Ctrl+Enter in the editor). Then change "demo"
// to a name of yours, run again and reload: the edit stays.
const cluster = createCluster({ nodes: 1 });
console.log(await cluster.kubectl("run demo --image=nginx:1.27"));
await cluster.run();
console.log(await cluster.kubectl("get pods -o wide"));
