// Fix the name. AlwaysPullImages makes every new pod pull its image, even if the node has it.
await cluster.host.sh(`sed -i 's/AlwaysPullImage$/AlwaysPullImages/' ${manifest}`);
await cluster.run({ until: () => cluster.host.status().state === "running", timeout: "2m" });
console.log(await cluster.host.sh(`grep admission ${manifest}`));

const cached = await cluster.client().create<any>({ resource: "pods" }, {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "cached" },
  spec: { containers: [{ name: "web", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }] },
});
console.log("imagePullPolicy sent: IfNotPresent, stored:", cached.spec.containers[0].imagePullPolicy);
