// Put RBAC back, and turn anonymous requests off: kubeadm's manifest does not set the flag,
// so the default (true) applies. Insert it after the command name.
await cluster.host.sh(`sed -i 's/--authorization-mode=AlwaysAllow/--authorization-mode=Node,RBAC/' ${manifest}`);
cluster.host.editFile(manifest, (text) => text.replace("    - kube-apiserver\n", "    - kube-apiserver\n    - --anonymous-auth=false\n"));
await cluster.run({ until: () => cluster.host.status().state !== "running", timeout: "30s" });
// While it restarts, nothing answers on port 6443:
console.log(await cluster.kubectl("get nodes"));
await cluster.run({ until: () => cluster.host.status().state === "running", timeout: "2m" });

const anonymous = await cluster.http.anonymous.get("/api/v1/namespaces/default/pods");
console.log("anonymous:", anonymous.code, (anonymous.body as any).message);
console.log("jane:     ", (await jane.get("/api/v1/namespaces/default/pods")).code);
