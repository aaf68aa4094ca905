// The API server is a client too: of etcd, and of every kubelet (for logs and exec).
for (const file of ["apiserver.crt", "apiserver-etcd-client.crt", "apiserver-kubelet-client.crt", "etcd/server.crt"]) {
  const pem = await cluster.host.sh(`cat /etc/kubernetes/pki/${file}`);
  console.log(file.padEnd(30), pem.split("Stands for: ")[1]?.split("\n")[0]);
}
// Who the requests of the last minute came from, as the API server authenticated them:
await cluster.run({ for: "1m" });
console.log([...new Set(cluster.trace.entries.flatMap((e) => (e.kind === "request" ? [e.user] : [])))]);
