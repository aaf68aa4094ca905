// Admission runs after authorization. NamespaceLifecycle refuses objects in a namespace that
// does not exist, even for the admin, who may do anything else.
const noNamespace = await cluster.http.post("/api/v1/namespaces/staging/pods", pod("lost"));
console.log(noNamespace.code, (noNamespace.body as any).reason, (noNamespace.body as any).message);
