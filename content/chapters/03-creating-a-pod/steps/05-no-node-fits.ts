// Ask for more CPU than any node has (each node offers 2 CPUs).
console.log(await cluster.kubectl("apply -f -", `
apiVersion: v1
kind: Pod
metadata: { name: greedy }
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources: { requests: { cpu: "16" } }
`));
await cluster.run({ for: "5s" });
console.log(podInEtcd("greedy"));
console.log(await cluster.kubectl("get events --field-selector involvedObject.name=greedy"));
