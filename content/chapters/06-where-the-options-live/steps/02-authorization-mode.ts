// waitForApiServer lets the kubelet notice the edit, stop the old container and start a new one.
async function waitForApiServer() {
  await cluster.run({ until: () => cluster.host.status().state !== "running", timeout: "30s" });
  console.log("kube-apiserver:", cluster.host.status());
  await cluster.run({ until: () => cluster.host.status().state === "running", timeout: "2m" });
  console.log("kube-apiserver:", cluster.host.status());
}
const jane = cluster.http.as({ token: "jane-token-8f3a" });
console.log("before:", (await jane.get("/api/v1/namespaces/default/pods")).code);

await cluster.host.sh(`sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' ${manifest}`);
await waitForApiServer();
console.log("after: ", (await jane.get("/api/v1/namespaces/default/pods")).code);
