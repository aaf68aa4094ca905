// cluster.etcdctl is an admin on that node with the certificates already exported.
console.log(await cluster.kubectl("run web --image=nginx:1.27"));
await cluster.run(); // scheduler binds, kubelet starts the container and reports status

// One key per object. Values here are JSON; a real cluster stores protobuf by default.
console.log(await cluster.etcdctl("get /registry/pods/default/web -w fields --keys-only"));
