// The fix is a loop: read the latest version, change it, try to save, repeat on 409.
async function setLabel(client: typeof writerA, key: string, value: string) {
  for (let attempt = 1; ; attempt++) {
    const pod = await client.get<any>({ resource: "pods", name: "web" });
    pod.metadata.labels[key] = value;
    try {
      const saved = await client.update<any>({ resource: "pods", name: "web" }, pod);
      return `${client.participant}: saved on attempt ${attempt}, resourceVersion ${saved.metadata.resourceVersion}`;
    } catch (error: any) {
      if (error.code !== 409) throw error;
      console.log(`${client.participant}: attempt ${attempt} got 409 Conflict, reading again`);
    }
  }
}
// Run both at once: they read the same version, so one of them has to retry.
console.log(await Promise.all([setLabel(writerA, "tier", "front"), setLabel(writerB, "owner", "ops")]));
console.log((await admin.get<any>({ resource: "pods", name: "web" })).metadata.labels);
