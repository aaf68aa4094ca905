// Enable one more admission plugin… with a typo in its name.
await cluster.host.sh(`sed -i 's/--enable-admission-plugins=NodeRestriction/--enable-admission-plugins=NodeRestriction,AlwaysPullImage/' ${manifest}`);
await cluster.run({ for: "30s" });
console.log(cluster.host.status());
console.log(await cluster.kubectl("get nodes"));
// On the node, the container runtime still knows the failed containers and their logs.
const containers = await cluster.host.sh("crictl ps -a --name kube-apiserver");
console.log(containers);
const newest = containers.split("\n")[1].split(" ")[0]; // first column of the first row
console.log(await cluster.host.sh(`crictl logs ${newest}`));
