import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../cluster/sim/trace';
import { heartbeat, kubectlRunNginx } from './fixtures.test-data';
import { escapeMermaidText, messageText } from './messages';
import { participantColumns } from './participants';
import { traceToSequenceDiagram } from './sequence-diagram';

const arrowLines = (text: string) => text.split('\n').filter((line) => /->>|-->>|--\)|-\)/.test(line));
const noteLines = (text: string) => text.split('\n').filter((line) => line.includes('Note over'));

describe('participantColumns', () => {
  it('orders client, API server, etcd, scheduler, then each kubelet beside its runtime', () => {
    const names = participantColumns(kubectlRunNginx).map((c) => c.label);
    expect(names).toEqual(['kubectl', 'kube-apiserver', 'etcd', 'kube-scheduler', 'kubelet node-1', 'containerd node-1', 'kubelet node-2']);
  });
});

describe('traceToSequenceDiagram', () => {
  it('draws the writes that matter and folds reads, watches and heartbeats into notes', async () => {
    const diagram = traceToSequenceDiagram(kubectlRunNginx);
    const arrows = arrowLines(diagram.text);
    expect(arrows).toEqual([
      '  p0->>p1: POST /api/v1/namespaces/default/pods',
      '  p1->>p2: txn /registry/pods/default/nginx (created) rev 7',
      '  p1-->>p0: 201 pods "nginx" created',
      '  p1--)p3: watch ADDED pods default/nginx rv 7',
      '  p3->>p3: schedule: default/nginx → node-1',
      '  p3->>p1: POST /api/v1/namespaces/default/pods/nginx/binding',
      '  p1->>p2: txn /registry/pods/default/nginx (succeeded) rev 8',
      '  p1-->>p3: 201 binding created',
      '  p1--)p4: watch ADDED pods default/nginx rv 8',
      '  p4->>p5: RunPodSandbox: default/nginx',
    ]);
    expect(noteLines(diagram.text)).toEqual([
      '  Note over p1,p4: … 5 folded: 2 watch messages, 3 heartbeats',
      '  Note over p1,p6: … 3 folded: 3 heartbeats',
      '  Note over p0,p4: … 6 folded: 3 reads, 3 heartbeats',
    ]);
    expect(diagram).toMatchObject({ arrows: 10, folded: 14, total: 24 });
    await expect(mermaid.parse(diagram.text)).resolves.toMatchObject({ diagramType: 'sequence' });
  });

  it('draws a short run whole, even when it only reads', () => {
    const reads = kubectlRunNginx.slice(17, 20);
    const diagram = traceToSequenceDiagram(reads);
    expect(arrowLines(diagram.text)).toHaveLength(3);
    expect(noteLines(diagram.text)).toEqual([]);
  });

  it('folds Event writes, which components make for nearly every step they take', () => {
    const events: TraceEntry[] = [
      { t: 0, kind: 'request', from: 'kube-scheduler', to: 'kube-apiserver', id: 1, method: 'POST', path: '/api/v1/namespaces/default/events', verb: 'create', user: 's' },
      { t: 0, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'txn', key: '/registry/events/default/nginx.1', revision: 9, detail: '' },
      { t: 0, kind: 'response', from: 'kube-apiserver', to: 'kube-scheduler', id: 1, code: 201, reason: '', summary: 'events "nginx.1" created' },
    ];
    const diagram = traceToSequenceDiagram([...kubectlRunNginx, ...events]);
    expect(noteLines(diagram.text).at(-1)).toBe('  Note over p0,p4: … 9 folded: 3 reads, 3 heartbeats, 3 Event writes');
  });

  it('draws every entry when expanded', async () => {
    const diagram = traceToSequenceDiagram(kubectlRunNginx, { fold: false });
    expect(arrowLines(diagram.text)).toHaveLength(kubectlRunNginx.length);
    expect(noteLines(diagram.text)).toEqual([]);
    expect(diagram.text).toContain('p6->>p1: PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node…');
    await expect(mermaid.parse(diagram.text)).resolves.toBeTruthy();
  });

  it('folds the middle of a very long run, keeping how it started and how it ended', () => {
    const creates: TraceEntry[] = [];
    for (let i = 0; i < 100; i++) {
      creates.push({ t: i, kind: 'request', from: 'kubectl', to: 'kube-apiserver', id: i, method: 'POST', path: `/api/v1/namespaces/default/pods?n=${i}`, verb: 'create', user: 'admin' });
    }
    const diagram = traceToSequenceDiagram(creates, { maxMessages: 10 });
    const arrows = arrowLines(diagram.text);
    expect(arrows).toHaveLength(10);
    expect(arrows[0]).toContain('?n=0');
    expect(arrows[5]).toContain('?n=5');
    expect(arrows[6]).toContain('?n=96');
    expect(arrows[9]).toContain('?n=99');
    expect(noteLines(diagram.text)).toEqual(['  Note over p0,p1: … 90 folded: 90 more messages']);
  });

  it('folds the steps before the focused one into one note', () => {
    const diagram = traceToSequenceDiagram(kubectlRunNginx, { focusFrom: 12, fold: false });
    expect(noteLines(diagram.text)[0]).toBe('  Note over p0,p4: … 12 folded: 12 messages from earlier steps');
    expect(arrowLines(diagram.text)[0]).toBe('  p1-->>p3: 201 binding created');
  });

  it('keeps reader-chosen names from breaking the syntax', async () => {
    const nasty: TraceEntry[] = [
      { t: 0, kind: 'request', from: 'kubectl', to: 'kube-apiserver', id: 1, method: 'POST', path: '/api/v1/namespaces/a;b/pods', verb: 'create', user: 'u' },
      { t: 0, kind: 'response', from: 'kube-apiserver', to: 'kubectl', id: 1, code: 422, reason: 'Invalid', summary: 'Pod "x#1" is invalid: <name>; must be\nlowercase' },
    ];
    const diagram = traceToSequenceDiagram(nasty);
    expect(diagram.text).toContain('p1-->>p0: 422 Pod "x#35;1" is invalid: #lt;name#gt;#59; must be lowercase');
    await expect(mermaid.parse(diagram.text)).resolves.toBeTruthy();
  });

  it('says so when the run made no requests', async () => {
    const diagram = traceToSequenceDiagram([]);
    expect(diagram.text).toContain('No requests were made in this run');
    await expect(mermaid.parse(diagram.text)).resolves.toBeTruthy();
  });
});

describe('messageText', () => {
  it('shortens long paths so one arrow cannot widen the diagram', () => {
    const [request] = heartbeat(0, 'a-node-with-a-very-long-name-that-goes-on-and-on', 1, 1);
    const text = messageText(request);
    expect(text.length).toBe(72);
    expect(text.endsWith('…')).toBe(true);
  });

  it('escapes each special character once', () => {
    expect(escapeMermaidText('a;b#c')).toBe('a#59;b#35;c');
  });
});
