// Exercise: a tiny ReplicaSet. Keep exactly `wanted` pods labelled app=hello in "default".
const wanted = 3;
const api = cluster.client("kubernetes-admin", { participant: "hello-controller" });
const helloPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { generateName: "hello-", labels: { app: "hello" } },
  spec: { containers: [{ name: "hello", image: "nginx:1.27" }] },
};

const controller = cluster.startController({
  name: "hello-controller",
  // Any change to an app=hello pod queues the same key: there is only one thing to reconcile.
  watch: [{ resource: "pods", namespace: "default", labelSelector: "app=hello", toKeys: () => ["default/hello"] }],
  async reconcile() {
    // Read what exists now; pods being deleted carry a deletionTimestamp and do not count.
    const { items } = await api.list<any>({ resource: "pods", namespace: "default" }, { labelSelector: "app=hello" });
    const alive = items.filter((pod) => !pod.metadata.deletionTimestamp);
    // TODO: create pods (api.create) while there are too few, delete (api.delete) while there are too many
  },
});
// No app=hello pod exists yet, so no watch event would ever start the loop: queue the first key.
controller.enqueue("default/hello");
await cluster.run({ for: "10s" });
console.log(await cluster.kubectl("get pods -l app=hello"));
