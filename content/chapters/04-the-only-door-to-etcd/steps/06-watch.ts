// A watch can start from any recent resourceVersion: first it replays what changed since then.
const since = web.metadata.resourceVersion; // read in step 3, before the label changes
const watch = admin.watch<any>({ resource: "pods", namespace: "default" }, { resourceVersion: since }, (event) => {
  console.log(event.type, event.object.metadata.name, "rv", event.object.metadata.resourceVersion, event.object.metadata.labels);
});
await cluster.run({ for: "1s" });
console.log("-- now live: delete the pod");
await cluster.kubectl("delete pod web --grace-period=0");
await cluster.run({ for: "1s" });
watch.stop();
