const admin = cluster.client();
const web = await admin.get<any>({ resource: "pods", name: "web" });
const kv = cluster.etcdKeys().find((entry) => entry.key === "/registry/pods/default/web")!;
console.log("pod resourceVersion:", web.metadata.resourceVersion, "| etcd mod_revision:", kv.modRevision);

// A list's resourceVersion is etcd's revision at the time of the read, newer than any item.
const pods = await admin.list<any>({ resource: "pods", namespace: "default" });
console.log("list resourceVersion:", pods.metadata.resourceVersion, "| items:", pods.items.map((p) => p.metadata.resourceVersion));
