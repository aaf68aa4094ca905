const packed = (await cluster.client().list<any>({ resource: "pods", namespace: "default" })).items.filter((p) => p.metadata.name.startsWith("pack-"));
const nodesUsed = [...new Set(packed.map((p) => p.spec.nodeName))];
await check("the three pack-* pods were scheduled", () => packed.length === 3 && packed.every((p) => p.spec.nodeName));
await check("all three share one node", () => {
  if (nodesUsed.length > 1) throw new Error(`the pods were spread over ${nodesUsed.join(", ")}: a fuller node must score higher`);
  return true;
});
await check("scores stay within 0..100 on a crowded node", () => {
  const score = PackPods.score({} as any, { podCount: 50 } as any, {} as any);
  if (!(score >= 0 && score <= 100)) throw new Error(`a node with 50 pods scored ${score}; cap the score at 100`);
  return true;
});
