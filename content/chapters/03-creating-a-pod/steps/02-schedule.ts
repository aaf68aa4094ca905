// Let 3 ms of virtual time pass: long enough for the watch event to reach the scheduler,
// for it to pick a node, and for its Binding to be stored.
await cluster.run({ for: "3ms" });
console.log("at", cluster.now(), "ms:", podInEtcd("nginx"));

// What the scheduler decided, from the trace every component writes to:
for (const entry of cluster.trace.entries) {
  if (entry.kind === "action" && entry.from === "kube-scheduler") console.log(entry.summary);
}
