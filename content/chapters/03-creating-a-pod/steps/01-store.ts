import { createCluster } from "kube";

const cluster = createCluster({ nodes: 2 });
// podInEtcd reads the stored pod straight from etcd's keyspace, without moving virtual time.
const podInEtcd = (name: string) => {
  const kv = cluster.etcdKeys().find((entry) => entry.key === `/registry/pods/default/${name}`)!;
  const pod = kv.value as any;
  return { key: kv.key, modRevision: kv.modRevision, nodeName: pod.spec.nodeName ?? "(none)", phase: pod.status.phase };
};

// kubectl returns as soon as the API server answers 201: nothing else has happened yet.
console.log(await cluster.kubectl("run nginx --image=nginx:1.27"));
console.log("at", cluster.now(), "ms:", podInEtcd("nginx"));
