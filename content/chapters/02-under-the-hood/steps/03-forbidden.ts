// jane's token is valid, so authentication succeeds. But nothing grants her anything yet.
const jane = cluster.http.as({ token: "jane-token-8f3a" });
const denied = await jane.post(podsPath, pod("from-jane"));
console.log(denied.code, (denied.body as any).reason);
console.log((denied.body as any).message);

// kubectl can ask the same question without trying: a SelfSubjectAccessReview… as jane.
console.log(await cluster.kubectl("auth can-i create pods --as jane"));
