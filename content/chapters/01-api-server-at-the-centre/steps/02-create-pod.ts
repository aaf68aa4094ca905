// `cluster` is the one from step 1: a chapter's steps run in order,
// one after another, in the same sandbox.
console.log(await cluster.kubectl("run nginx --image=nginx:1.27"));

// kubectl returned once the API server stored the pod.
// Let the scheduler and the kubelet do their part:
await cluster.run();
console.log(await cluster.kubectl("get pods -o wide"));
