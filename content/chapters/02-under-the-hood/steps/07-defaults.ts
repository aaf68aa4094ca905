// We send a name and one container. The 201 reply is the object as it was stored.
const sent = pod("defaults-demo");
const created = (await cluster.http.post(podsPath, sent)).body as any;

console.log("we sent spec keys:   ", Object.keys(sent.spec));
console.log("server stored keys:  ", Object.keys(created.spec));
console.log("container defaults:  ", created.spec.containers[0].imagePullPolicy, created.spec.containers[0].terminationMessagePath);
console.log("admission added:     ", created.spec.serviceAccountName, created.spec.tolerations.map((t: any) => t.key));
console.log("server-set metadata: ", created.metadata.uid, created.metadata.resourceVersion, created.metadata.creationTimestamp);
console.log("no node yet:         ", created.spec.nodeName, created.status);
