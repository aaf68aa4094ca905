import { describe, expect, it } from 'vitest';
import { newTestEtcd } from '../etcd/test-support';
import { etcdctl } from './etcdctl';
import type { EtcdctlEnv } from './etcdctl';
import type { CommandResult } from './kubectl/result';
import { asciiTable, base64, humanBytes } from './etcdctl/output';

function setup(extra: Partial<EtcdctlEnv> = {}) {
  const t = newTestEtcd();
  const env: EtcdctlEnv = { etcd: t.server.client('etcdctl'), loop: t.loop, ...extra };
  const run = (line: string, bounds = {}): CommandResult => {
    let result: CommandResult | undefined;
    etcdctl(env, line, (r) => (result = r), bounds);
    t.loop.runUntil(() => result !== undefined);
    if (!result) throw new Error(`etcdctl ${line} never finished`);
    return result;
  };
  return { ...t, env, run };
}

describe('etcdctl get/put/del', () => {
  it('prints key and value lines, keys only, values only', () => {
    const { run } = setup();
    expect(run('ETCDCTL_API=3 etcdctl put /registry/pods/default/a v1')).toEqual({ stdout: 'OK\n', stderr: '', exitCode: 0 });
    run('put /registry/pods/default/b v2');
    run('put /registry/podsX other');
    expect(run('get /registry/pods/default/a').stdout).toBe('/registry/pods/default/a\nv1\n');
    expect(run('get /registry/pods/ --prefix --keys-only').stdout).toBe('/registry/pods/default/a\n\n/registry/pods/default/b\n\n');
    expect(run('get /registry/pods/ --prefix --print-value-only --limit 1').stdout).toBe('v1\n');
    expect(run('get /nope').stdout).toBe('');
    expect(run('del /registry/pods/ --prefix').stdout).toBe('2\n');
    expect(run('get "" --from-key --keys-only').stdout).toBe('/registry/podsX\n\n');
  });

  it('prints -w json like etcdctl 3.5 (numbers, base64, empty fields left out)', () => {
    const { run } = setup();
    run('put /registry/pods/default/a v1');
    run('put /registry/pods/default/a v2');
    expect(run('get /registry/pods/default/a -w json').stdout).toBe(
      `{"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":3,"raft_term":2},"kvs":[{"key":"${base64('/registry/pods/default/a')}","create_revision":2,"mod_revision":3,"version":2,"value":"djI="}],"count":1}\n`,
    );
    expect(run('get /missing -w json').stdout).toBe('{"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":3,"raft_term":2}}\n');
  });

  it('prints -w fields', () => {
    const { run } = setup();
    run('put k "hello world"');
    expect(run('get k --write-out=fields').stdout).toBe(
      '"ClusterID" : 14841639068965178418\n"MemberID" : 10276657743932975437\n"Revision" : 2\n"RaftTerm" : 2\n"Key" : "k"\n"CreateRevision" : 2\n"ModRevision" : 2\n"Version" : 1\n"Value" : "hello world"\n"Lease" : 0\n"More" : false\n"Count" : 1\n',
    );
  });

  it('reads old revisions until compaction, then reports the etcd error', () => {
    const { run } = setup();
    run('put k one');
    run('put k two');
    expect(run('get k --rev 2 --print-value-only').stdout).toBe('one\n');
    expect(run('compaction 3')).toEqual({ stdout: 'compacted revision 3\n', stderr: '', exitCode: 0 });
    expect(run('get k --rev 2')).toEqual({ stdout: '', stderr: 'Error: etcdserver: mvcc: required revision has been compacted\n', exitCode: 1 });
  });

  it('rejects bad command lines with etcdctl messages and exit code 128', () => {
    const { run } = setup();
    expect(run('get')).toEqual({ stdout: '', stderr: 'Error: get command needs one argument as key and an optional argument as range_end\n', exitCode: 128 });
    expect(run('get a --prefix --from-key').stderr).toBe('Error: `--prefix` and `--from-key` cannot be set at the same time, choose one\n');
    expect(run('put a').stderr).toBe('Error: put command needs 1 argument and input from stdin or 2 arguments\n');
    expect(run('get a --bogus').stderr).toBe('Error: unknown flag: --bogus\n');
    expect(run('frobnicate').stderr).toBe('Error: unknown command "frobnicate" for "etcdctl"\n');
  });

  it('times out without client certificates when etcd requires TLS client auth', () => {
    const { run, loop } = setup({ requireClientCert: true });
    expect(run('get / --prefix')).toEqual({ stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: 1 });
    expect(loop.now()).toBe(5_000);
    const certs = '--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/peer.crt --key=/etc/kubernetes/pki/etcd/peer.key';
    expect(run(`${certs} put a b`).stdout).toBe('OK\n');
  });
});

describe('etcdctl leases', () => {
  it('grants, attaches, shows and revokes a lease', () => {
    const { run } = setup();
    const granted = run('lease grant 60').stdout;
    const match = /^lease ([0-9a-f]{16}) granted with TTL\(60s\)\n$/.exec(granted);
    expect(match).not.toBeNull();
    const id = match![1];
    expect(run(`put --lease=${id} /registry/events/default/e1 x`).stdout).toBe('OK\n');
    expect(run(`lease timetolive ${id} --keys`).stdout).toBe(`lease ${id} granted with TTL(60s), remaining(60s), attached keys([/registry/events/default/e1])\n`);
    expect(run('lease list').stdout).toBe(`found 1 leases\n${id}\n`);
    expect(run(`lease revoke ${id}`).stdout).toBe(`lease ${id} revoked\n`);
    expect(run('get /registry/events --prefix').stdout).toBe('');
    expect(run(`lease timetolive ${id}`).stdout).toBe(`lease ${id} already expired\n`);
    expect(run('lease revoke zz')).toMatchObject({ exitCode: 128, stderr: 'Error: bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex\n' });
  });
});

describe('etcdctl watch', () => {
  it('prints events as they arrive, for a bounded stretch of virtual time', () => {
    const { run, loop, server } = setup();
    const writer = server.client('kube-apiserver');
    loop.schedule(100, 'write', () => writer.put({ key: '/registry/pods/default/a', value: '{"v":1}' }));
    loop.schedule(200, 'delete', () => writer.deleteRange({ key: '/registry/pods/default/a' }));
    loop.schedule(20_000, 'too late', () => writer.put({ key: '/registry/pods/default/b', value: 'late' }));
    const result = run('watch /registry/pods/ --prefix', { forMs: 1_000 });
    expect(result).toEqual({ stdout: 'PUT\n/registry/pods/default/a\n{"v":1}\nDELETE\n/registry/pods/default/a\n\n', stderr: '', exitCode: 0 });
    expect(loop.now()).toBe(1_000);
  });

  it('replays history with --rev and stops after maxEvents', () => {
    const { run } = setup();
    run('put a 1');
    run('put a 2');
    expect(run('watch a --rev 2 --prev-kv', { maxEvents: 2 }).stdout).toBe('PUT\na\n1\nPUT\na\n1\na\n2\n');
  });

  it('reports a watch from a compacted revision as canceled', () => {
    const { run } = setup();
    run('put a 1');
    run('put a 2');
    run('compaction 3');
    expect(run('watch a --rev 1')).toEqual({
      stdout: '',
      stderr: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n',
      exitCode: 1,
    });
  });
});

describe('etcdctl cluster commands', () => {
  it('prints endpoint status and member list in simple and table form', () => {
    const { run } = setup();
    expect(run('member list').stdout).toBe('8e9e05c52164694d, started, default, http://localhost:2380, http://localhost:2379, false\n');
    expect(run('endpoint status').stdout).toBe('127.0.0.1:2379, 8e9e05c52164694d, 3.5.16, 20 kB, true, false, 2, 1, 1, \n');
    expect(run('endpoint status -w table').stdout).toBe(
      [
        '+----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '|    ENDPOINT    |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
        '+----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '| 127.0.0.1:2379 | 8e9e05c52164694d |  3.5.16 |   20 kB |      true |      false |         2 |          1 |                  1 |        |',
        '+----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '',
      ].join('\n'),
    );
  });

  it('formats sizes like go-humanize and draws tables', () => {
    expect([humanBytes(5), humanBytes(20_480), humanBytes(1_234_567)]).toEqual(['5 B', '20 kB', '1.2 MB']);
    expect(asciiTable(['a'], [['xyz']])).toBe('+-----+\n|  A  |\n+-----+\n| xyz |\n+-----+\n');
  });
});
