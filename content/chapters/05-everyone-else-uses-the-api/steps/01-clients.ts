import { createCluster } from "kube";

const cluster = createCluster({
  nodes: [
    { name: "node-1", labels: { disk: "ssd" } },
    { name: "node-2", labels: { disk: "hdd" } },
    { name: "node-3", labels: { disk: "ssd" } },
  ],
});
await cluster.kubectl("run hello --image=nginx:1.27");
await cluster.run({ for: "15s" });

// Who sent requests to kube-apiserver, and as which user?
const callers = new Set<string>();
for (const entry of cluster.trace.entries) {
  if (entry.kind === "request") callers.add(`${entry.from.padEnd(24)} ${entry.verb.padEnd(7)} as ${entry.user}`);
}
console.log([...callers].sort().join("\n"));
