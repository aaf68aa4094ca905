import { expect, it } from 'vitest';
import { buildKubeBundle, FIXTURE_KUBE_ENTRY } from './bundle';
import { createNodeRunner } from './node-runner';

// Prints cold and warm run times in Node (the bench picks these up later). The bounds are loose:
// they catch a regression by an order of magnitude, not noise on a shared machine.
it('measures cold and warm runs', async () => {
  const steps = [
    { source: 'import { createCluster } from "kube";\nconst c = createCluster();' },
    { source: 'await c.create({ kind: "Pod", metadata: { name: "web" } });\nconsole.log((await c.get("Pod", "web")).spec);' },
  ];
  let started = performance.now();
  await buildKubeBundle({ entry: FIXTURE_KUBE_ENTRY });
  const bundleMs = performance.now() - started;
  const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });
  started = performance.now();
  const cold = await runner.run({ steps });
  const coldMs = performance.now() - started;
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    const result = await runner.run({ steps });
    warm.push(performance.now() - started);
    expect(result.ok).toBe(true);
  }
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)];
  console.log(
    `sandbox timings (Node ${process.version}): bundle build ${bundleMs.toFixed(0)} ms; ` +
      `cold run ${coldMs.toFixed(1)} ms (wasm compile + first instance); warm run median ${median.toFixed(1)} ms, ` +
      `min ${warm[0].toFixed(1)} ms, max ${warm[warm.length - 1].toFixed(1)} ms`,
  );
  expect(cold.ok).toBe(true);
  expect(median).toBeLessThan(250);
});
