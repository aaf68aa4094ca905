// An etcd lease is a timer that keys can be attached to: when it expires, they are deleted.
const granted = await cluster.etcdctl("lease grant 10");
console.log(granted);
const leaseId = granted.split(" ")[1];
await cluster.etcdctl(`put /demo/heartbeat alive --lease=${leaseId}`);
console.log(await cluster.etcdctl("get /demo/heartbeat"));
await cluster.run({ for: "11s" });
console.log("after 11s:", JSON.stringify(await cluster.etcdctl("get /demo/heartbeat")));
// kube-apiserver attaches every Event to a lease (--event-ttl, default 1h):
console.log(await cluster.etcdctl("lease list"));
