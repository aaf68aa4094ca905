// etcd keeps old revisions so watchers can catch up, until they are compacted away.
const status = JSON.parse(await cluster.etcdctl("endpoint status -w json"));
const current = status[0].Status.header.revision;
console.log(await cluster.etcdctl(`compaction ${current}`));
console.log(await cluster.etcdctl(`get /registry/pods/default/web --rev=${since}`));

// Through the API: a watch from a version that is gone ends with an ERROR event, code 410.
admin.watch<any>({ resource: "events", namespace: "default" }, { resourceVersion: since }, (event) => {
  console.log(event.type, event.object.code, event.object.reason, "-", event.object.message);
});
await cluster.run({ for: "100ms" });
await admin.list({ resource: "events", namespace: "default" }, { resourceVersion: since, limit: 10 });
