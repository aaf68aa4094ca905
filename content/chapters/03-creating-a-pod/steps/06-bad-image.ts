// In this simulation, an image tagged "broken" does not exist in any registry.
console.log(await cluster.kubectl("run typo --image=nginx:broken"));
await cluster.run({ for: "1s" });
console.log(await cluster.kubectl("get pod typo"));
// The kubelet waits before each new pull: 10 s, then 20 s, doubling up to 5 minutes.
await cluster.run({ for: "30s" });
console.log(await cluster.kubectl("get pod typo"));
console.log(await cluster.kubectl("get events --field-selector involvedObject.name=typo"));
