// The kubelet on node-1 watches pods with spec.nodeName=node-1. Give it one second.
await cluster.run({ for: "1s" });
const pod = await cluster.client().get<any>({ resource: "pods", name: "nginx" });
console.log("phase:", pod.status.phase, "| container:", pod.status.containerStatuses[0].state);

// Its calls to the container runtime so far (CRI: RunPodSandbox, PullImage, …):
for (const entry of cluster.trace.entries) {
  if (entry.kind === "action" && entry.to.startsWith("containerd/")) console.log(entry.summary);
}
