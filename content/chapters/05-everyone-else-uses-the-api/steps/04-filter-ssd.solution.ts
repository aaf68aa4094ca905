import { SUCCESS, unresolvable, type FilterPlugin } from "kube";

// Exercise: keep pods off nodes that are not labelled disk=ssd.
// nodeInfo.node is the Node object; return SUCCESS to allow the node, or
// unresolvable("a reason") to rule it out (the reason shows up in FailedScheduling).
const OnlySsd: FilterPlugin = {
  name: "OnlySsd",
  filter(pod, nodeInfo) {
    if (nodeInfo.node.metadata.labels?.disk === "ssd") return SUCCESS;
    return unresolvable("node(s) had no SSD");
  },
};

cluster.scheduler.framework.addFilter(OnlySsd);
console.log(cluster.scheduler.framework.pluginNames().filter);
for (const name of ["a", "b", "c", "d"]) await cluster.kubectl(`run ssd-${name} --image=nginx:1.27`);
await cluster.run({ for: "5s" });
console.log(await cluster.kubectl("get pods -o wide -l run"));
