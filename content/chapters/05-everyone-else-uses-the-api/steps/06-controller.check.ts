const helloPods = async () =>
  (await cluster.client().list<any>({ resource: "pods", namespace: "default" }, { labelSelector: "app=hello" })).items.filter((p) => !p.metadata.deletionTimestamp);
const exactly = async (what: string) => {
  const names = (await helloPods()).map((p) => p.metadata.name);
  if (names.length !== wanted) throw new Error(`${what}: found ${names.length} app=hello pods (${names.join(", ") || "none"}), want ${wanted}`);
  return true;
};
await check("it creates 3 app=hello pods", () => exactly("after the first reconcile"));
const [victim] = await helloPods();
if (victim) await cluster.client().delete({ resource: "pods", name: victim.metadata.name });
await cluster.run({ for: "40s" });
await check("it replaces a pod that was deleted", () => exactly(`after deleting ${victim?.metadata.name ?? "a pod"}`));
await cluster.client().create({ resource: "pods" }, { ...helloPod, metadata: { name: "hello-extra", labels: { app: "hello" } } });
await cluster.run({ for: "40s" });
await check("it deletes a pod too many", () => exactly("after adding hello-extra by hand"));
