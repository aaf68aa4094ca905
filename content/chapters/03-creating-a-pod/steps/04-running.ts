// Pulling nginx takes a couple of seconds. Run until nothing but heartbeats is left to do.
console.log((await cluster.run()).summary);
console.log(podInEtcd("nginx"));
console.log(await cluster.kubectl("get pod nginx -o wide"));
console.log(await cluster.kubectl("get events --field-selector involvedObject.name=nginx"));
