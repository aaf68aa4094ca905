// The storage stage wrote the pod to etcd, under /registry/<resource>/<namespace>/<name>.
console.log(await cluster.etcdctl("get /registry/pods/default --prefix --keys-only"));

// Its create revision is the resourceVersion the 201 reply carried.
const entry = cluster.etcdKeys().find((kv) => kv.key === "/registry/pods/default/defaults-demo")!;
console.log("etcd create revision:", entry.createRevision, "| resourceVersion in the 201:", created.metadata.resourceVersion);
