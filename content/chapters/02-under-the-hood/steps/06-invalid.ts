// Validation: a pod must have at least one container, and names must be DNS-1123 subdomains.
const broken = await cluster.http.post(podsPath, {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "Broken_Pod" },
  spec: { containers: [] },
});
console.log(broken.code, (broken.body as any).reason);
console.log((broken.body as any).message);
console.log((broken.body as any).details.causes);
