// Two writers read the same version of the pod, then both try to save a change.
const writerA = cluster.client("kubernetes-admin", { participant: "writer-a" });
const writerB = cluster.client("kubernetes-admin", { participant: "writer-b" });
const copyA = await writerA.get<any>({ resource: "pods", name: "web" });
const copyB = await writerB.get<any>({ resource: "pods", name: "web" });
copyA.metadata.labels.team = "blue";
copyB.metadata.labels.team = "green";

const savedA = await writerA.update<any>({ resource: "pods", name: "web" }, copyA);
console.log("A saved; resourceVersion", copyA.metadata.resourceVersion, "→", savedA.metadata.resourceVersion);
try {
  await writerB.update({ resource: "pods", name: "web" }, copyB);
} catch (error: any) {
  console.log("B:", error.code, error.reason, "-", error.message);
}
