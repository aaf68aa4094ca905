/** readKey is range({ key }).kvs[0] with a plain argument: same answer, same errors, same trace. */
import { describe, expect, it } from 'vitest';
import { EventLoop } from '../sim/loop';
import { SeededIds } from '../sim/ids';
import { Trace } from '../sim/trace';
import { EtcdServer } from './server';
import { EtcdError } from './types';
import { ErrEmptyKey } from './txn';

function server(traced: boolean): { etcd: EtcdServer; trace: Trace } {
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  trace.enabled = traced;
  const etcd = new EtcdServer({ loop, trace, ids: new SeededIds(2) });
  etcd.put({ key: '/a', value: '1' });
  etcd.put({ key: '/a/x', value: '2' });
  etcd.put({ key: '/a', value: '3' });
  return { etcd, trace };
}

describe('readKey', () => {
  it('answers what range({ key }) holds: the current KeyValue, never a key under it, undefined when absent', () => {
    for (const traced of [false, true]) {
      const { etcd } = server(traced);
      const client = etcd.client('kube-apiserver', { typedRequests: true });
      expect(client.readKey('/a')).toEqual({ key: '/a', value: '3', createRevision: 2, modRevision: 4, version: 2, lease: 0 });
      expect(client.readKey('/a')).toBe(client.range({ key: '/a' }).kvs[0]);
      expect(client.readKey('/b')).toBeUndefined();
      expect(client.readKey('/a/')).toBeUndefined();
    }
  });

  it("refuses an empty key with etcd's error", () => {
    const client = server(false).etcd.client('kube-apiserver');
    expect(() => client.readKey('')).toThrow(EtcdError);
    expect(() => client.readKey('')).toThrow(ErrEmptyKey);
  });

  it('is traced as the range it stands for', () => {
    const { etcd, trace } = server(true);
    const client = etcd.client('kube-apiserver');
    client.readKey('/a');
    client.readKey('/b');
    expect(trace.entries.filter((e) => e.kind === 'etcd' && e.from === 'kube-apiserver').map((e) => (e.kind === 'etcd' ? `${e.op} ${e.key} ${e.detail}` : ''))).toEqual(['range /a 1 key', 'range /b 0 keys']);
  });
});
