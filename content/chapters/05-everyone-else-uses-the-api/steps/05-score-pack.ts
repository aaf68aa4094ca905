import type { ScorePlugin } from "kube";

// Exercise: by default the scheduler spreads pods out. Write a Score plugin that packs them:
// the more pods a node already runs, the higher its score. Scores must end up between 0 and 100.
// nodeInfo.podCount is how many pods the scheduler counts on that node.
const PackPods: ScorePlugin = {
  name: "PackPods",
  weight: 10, // loud enough to outvote the default plugins, which spread
  score(pod, nodeInfo) {
    // TODO: return a higher number for fuller nodes
    return 0;
  },
};

cluster.scheduler.framework.addScore(PackPods);
for (const name of ["x", "y", "z"]) await cluster.kubectl(`run pack-${name} --image=busybox:1.36`);
await cluster.run({ for: "5s" });
console.log(await cluster.kubectl("get pods -o wide -l run"));
