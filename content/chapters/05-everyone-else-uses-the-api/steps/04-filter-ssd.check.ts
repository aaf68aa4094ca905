const ssdPods = (await cluster.client().list<any>({ resource: "pods", namespace: "default" })).items.filter((p) => p.metadata.name.startsWith("ssd-"));
await check("the four ssd-* pods were created", () => ssdPods.length === 4);
for (const pod of ssdPods) {
  await check(`${pod.metadata.name} runs on a node labelled disk=ssd`, () => {
    if (pod.spec.nodeName === "node-2") throw new Error(`${pod.metadata.name} was placed on node-2, which is labelled disk=hdd`);
    return pod.spec.nodeName === "node-1" || pod.spec.nodeName === "node-3";
  });
}
await check("a node without an SSD is refused with a reason", () => {
  const verdict = OnlySsd.filter({} as any, { node: { metadata: { name: "x", labels: { disk: "hdd" } } } } as any, {} as any);
  if (verdict.code === "Success") throw new Error("OnlySsd.filter returned Success for a node labelled disk=hdd");
  return (verdict.reasons ?? []).length > 0;
});
