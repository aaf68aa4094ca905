import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../api/types';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { parseCpuMillis, parseMemoryBytes } from '../api/quantity';
import { Scheduler } from './scheduler';
import { StubApiClient } from './stub-client';
import { makeNode, makePod } from './testing';

const nodeArb = fc.record({
  cpu: fc.constantFrom('1', '2', '4'),
  memory: fc.constantFrom('1Gi', '2Gi', '4Gi'),
  pods: fc.constantFrom('1', '2', '3', '110'),
  dedicated: fc.boolean(),
  ssd: fc.boolean(),
  cordoned: fc.boolean(),
});
const podArb = fc.record({
  cpu: fc.constantFrom(undefined, '100m', '500m', '1', '2'),
  memory: fc.constantFrom(undefined, '128Mi', '1Gi'),
  hostPort: fc.constantFrom(undefined, 80, 443),
  wantsSsd: fc.boolean(),
  toleratesDedicated: fc.boolean(),
});
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('node' as const), node: nodeArb }),
  fc.record({ kind: fc.constant('pod' as const), pod: podArb }),
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat(50) }),
);

/** fitsIndependently re-derives "fits" from first principles, without the scheduler's code. */
function fitsIndependently(pod: Pod, node: Node, podsOnNode: Pod[]): boolean {
  if (node.spec.unschedulable) return false;
  for (const taint of node.spec.taints ?? []) {
    if (!(pod.spec.tolerations ?? []).some((t) => t.key === taint.key && t.operator === 'Exists')) return false;
  }
  for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) if (node.metadata.labels?.[key] !== value) return false;
  const ports = (p: Pod) => p.spec.containers.flatMap((c) => (c.ports ?? []).map((x) => x.hostPort).filter(Boolean));
  const used = new Set(podsOnNode.flatMap(ports));
  if (ports(pod).some((p) => used.has(p))) return false;
  const sum = (pick: (p: Pod) => number) => [...podsOnNode, pod].reduce((total, p) => total + pick(p), 0);
  const cpu = (p: Pod) => parseCpuMillis(p.spec.containers[0].resources?.requests?.cpu ?? '0');
  const memory = (p: Pod) => parseMemoryBytes(p.spec.containers[0].resources?.requests?.memory ?? '0');
  const alloc = node.status!.allocatable!;
  return podsOnNode.length + 1 <= Number(alloc.pods) && sum(cpu) <= parseCpuMillis(alloc.cpu) && sum(memory) <= parseMemoryBytes(alloc.memory);
}

describe('scheduler property', () => {
  it('never binds a pod twice or to a node it does not fit, and leaves no pod pending that fits somewhere', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const loop = new EventLoop();
        const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(3) };
        ctx.trace.enabled = false;
        const client = new StubApiClient(ctx);
        const scheduler = new Scheduler(client, ctx);
        scheduler.start();
        loop.runUntilQuiet();

        const nodes = new Map<string, Node>();
        const pods = new Map<string, Pod>();
        const boundTo = new Map<string, string>();
        client.onBind = (key, nodeName) => {
          expect(boundTo.has(key), `${key} bound twice`).toBe(false);
          const pod = pods.get(key)!;
          const node = nodes.get(nodeName)!;
          expect(node, `${key} bound to unknown node ${nodeName}`).toBeDefined();
          const others = [...boundTo].filter(([, n]) => n === nodeName).map(([k]) => pods.get(k)!);
          expect(fitsIndependently(pod, node, others), `${key} does not fit ${nodeName}`).toBe(true);
          boundTo.set(key, nodeName);
          const bound: Pod = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(loop.now()) }, spec: { ...pod.spec, nodeName } };
          pods.set(key, bound);
          client.emit('pods', 'MODIFIED', bound);
        };

        ops.forEach((op, i) => {
          if (op.kind === 'node') {
            const n = op.node;
            const node = makeNode(`node-${i}`, {
              cpu: n.cpu,
              memory: n.memory,
              pods: n.pods,
              labels: n.ssd ? { disk: 'ssd' } : {},
              ...(n.dedicated ? { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' as const }] } : {}),
              unschedulable: n.cordoned,
            });
            nodes.set(node.metadata.name!, node);
            client.emit('nodes', 'ADDED', node);
          } else if (op.kind === 'pod') {
            const p = op.pod;
            const pod = makePod(`pod-${i}`, {
              cpu: p.cpu,
              memory: p.memory,
              hostPort: p.hostPort,
              ...(p.wantsSsd ? { nodeSelector: { disk: 'ssd' } } : {}),
              ...(p.toleratesDedicated ? { tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] } : {}),
            });
            pods.set(`default/pod-${i}`, pod);
            client.emit('pods', 'ADDED', pod);
          } else {
            const bound = [...boundTo.keys()];
            if (bound.length === 0) return;
            const key = bound[op.index % bound.length];
            boundTo.delete(key);
            client.emit('pods', 'DELETED', pods.get(key)!);
            pods.delete(key);
          }
          loop.runUntil(() => false, loop.now() + 5);
        });
        loop.runUntilQuiet(loop.now() + 120_000);

        for (const [key, pod] of pods) {
          if (boundTo.has(key)) continue;
          for (const node of nodes.values()) {
            const others = [...boundTo].filter(([, n]) => n === node.metadata.name).map(([k]) => pods.get(k)!);
            expect(fitsIndependently(pod, node, others), `${key} is pending but fits ${node.metadata.name}`).toBe(false);
          }
        }
      }),
      { numRuns: 150, seed: 20260101 },
    );
  });
});
