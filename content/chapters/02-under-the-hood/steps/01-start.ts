import { createCluster } from "kube";

// A kubeadm-style cluster with one extra user, jane, who signs in with a bearer token.
const cluster = createCluster({
  nodes: 1,
  users: [{ name: "jane", token: "jane-token-8f3a" }],
});
const podsPath = "/api/v1/namespaces/default/pods";
const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
});

// The admin (kubeadm's admin.conf) can do anything:
const asAdmin = await cluster.http.post(podsPath, pod("from-admin"));
console.log(asAdmin.code, (asAdmin.body as any).metadata.name);
