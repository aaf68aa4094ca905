import { describe, expect, it } from 'vitest';
import { EventLoop } from '../sim/loop';
import { ControlPlaneHost } from './control-plane-host';
import { defaultHostConfig } from './host-config';
import type { HostConfig } from './host-config';
import type { ComponentLaunch } from './launcher';

/** A launcher that records what it started, and refuses an authorization mode it does not know, as kube-apiserver does. */
function recordingHost(overrides: Partial<HostConfig> = {}) {
  const loop = new EventLoop();
  const events: string[] = [];
  const launches: ComponentLaunch[] = [];
  const host = new ControlPlaneHost({
    config: defaultHostConfig(overrides),
    loop,
    seed: 1,
    launchers: {
      'kube-apiserver': (launch) => {
        const mode = launch.argv.find((a) => a.startsWith('--authorization-mode='))?.split('=')[1] ?? 'AlwaysAllow';
        const bad = mode.split(',').find((m) => !['Node', 'RBAC', 'AlwaysAllow', 'AlwaysDeny'].includes(m));
        if (bad) throw new Error(`Error: invalid argument "${mode}" for "--authorization-mode" flag: authorization mode "${bad}" is not supported`);
        launches.push(launch);
        const n = launches.length;
        events.push(`start#${n}@${loop.now()}`);
        return { serve: () => events.push(`serve#${n}@${loop.now()}`), stop: () => events.push(`stop#${n}@${loop.now()}`) };
      },
    },
  });
  host.boot();
  return { loop, host, events, launches };
}

describe('ControlPlaneHost files (kubeadm)', () => {
  it('has the kubeadm layout with the API server manifest holding its flags', async () => {
    const { host } = recordingHost();
    expect(await host.sh('ls /etc/kubernetes/manifests')).toBe('etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n');
    const manifest = host.readFile('/etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(manifest).toContain('    - --authorization-mode=Node,RBAC\n');
    expect(manifest).toContain('    - --advertise-address=10.0.0.10\n');
    expect(manifest).toContain('    image: registry.k8s.io/kube-apiserver:v1.32.0\n');
    const flags = manifest.split('\n').filter((l) => l.startsWith('    - --')).map((l) => l.slice(6));
    expect(flags).toEqual([...flags].sort());
    expect(await host.sh('grep -c -e --etcd /etc/kubernetes/manifests/kube-apiserver.yaml')).toBe('4\n');
  });

  it('lists files with ls -l and keeps keys simulated', async () => {
    const { host } = recordingHost();
    const listing = await host.sh('ls -l /etc/kubernetes/manifests');
    expect(listing).toMatch(/^total \d+\n-rw------- 1 root root +\d+ Jan  1 00:00 etcd\.yaml\n/);
    expect(await host.sh('ls /etc/kubernetes/pki')).toContain('apiserver.crt\napiserver.key\n');
    expect(await host.sh('ls')).toBe('');
    expect(await host.sh('ls -a /root')).toBe('.kube\n');
    expect(await host.sh('ls /root/.kube/config')).toBe('/root/.kube/config\n');
    expect(await host.sh('cat /etc/kubernetes/pki/ca.key')).toContain('-----BEGIN RSA PRIVATE KEY-----\nSimulated');
    expect(await host.sh('head -n 1 /etc/kubernetes/admin.conf')).toMatch(/^# Simulated kubeconfig/);
    expect(await host.sh('grep server: /etc/kubernetes/admin.conf')).toBe('    server: https://10.0.0.10:6443\n');
  });

  it('writes a token file and the flag that reads it only when token users exist', async () => {
    expect(recordingHost().host.fs.exists('/etc/kubernetes/token.csv')).toBe(false);
    const { host } = recordingHost({ tokenUsers: [{ name: 'jane', token: 'jane-token', uid: 'u1', groups: ['dev', 'ops'] }] });
    expect(host.readFile('/etc/kubernetes/token.csv')).toBe('jane-token,jane,u1,"dev,ops"\n');
    expect(await host.sh('grep token-auth /etc/kubernetes/manifests/kube-apiserver.yaml')).toContain('--token-auth-file=/etc/kubernetes/token.csv');
  });

  it('applies extra API-server args over the defaults', () => {
    const { host } = recordingHost({ apiServerArgs: { 'authorization-mode': 'AlwaysAllow', 'anonymous-auth': 'false' } });
    const manifest = host.readFile('/etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(manifest).toContain('- --authorization-mode=AlwaysAllow\n');
    expect(manifest).not.toContain('Node,RBAC');
    expect(manifest.indexOf('--anonymous-auth=false')).toBeLessThan(manifest.indexOf('--authorization-mode'));
  });
});

describe('ControlPlaneHost processes', () => {
  it('shows kube-apiserver with its full command line, and the grep itself', async () => {
    const { host } = recordingHost();
    const out = await host.sh('ps aux | grep kube-apiserver');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^root +\d+ +4\.7 +7\.9 .* Ssl +00:00 +0:00 kube-apiserver --advertise-address=10\.0\.0\.10 --allow-privileged=true /);
    expect(lines[0]).toContain('--tls-private-key-file=/etc/kubernetes/pki/apiserver.key');
    expect(lines[1]).toMatch(/pts\/0 +S\+ .* grep kube-apiserver$/);
    expect(await host.sh('ps -ef | grep -v grep | grep -c kube-')).toBe('3\n');
    expect((await host.sh('ps aux')).split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
  });
});

describe('ControlPlaneHost shell', () => {
  it('answers like bash for unknown commands, syntax errors and missing files', async () => {
    const { host } = recordingHost();
    expect(await host.exec('kubeadmin reset')).toMatchObject({ output: 'bash: kubeadmin: command not found\n', exitCode: 127 });
    expect(await host.sh('ls |')).toBe("bash: syntax error near unexpected token `newline'\n");
    expect(await host.sh('cat /etc/kubernetes/nope.yaml')).toBe('cat: /etc/kubernetes/nope.yaml: No such file or directory\n');
    expect(await host.sh('cat /etc/kubernetes')).toBe('cat: /etc/kubernetes: Is a directory\n');
    expect(await host.sh("sed -i 's/a/b' /etc/kubernetes/admin.conf")).toBe("sed: -e expression #1, char 5: unterminated `s' command\n");
    expect(await host.sh('sed -i s/a/b/ /nope')).toBe("sed: can't read /nope: No such file or directory\n");
    expect(await host.sh('false-command || echo recovered && echo then')).toBe('bash: false-command: command not found\nrecovered\nthen\n');
  });

  it('supports redirection, sed with address and delete, and basic vs extended grep', async () => {
    const { host } = recordingHost();
    await host.sh('echo one > /tmp/f && echo two >> /tmp/f && echo three >> /tmp/f');
    expect(host.readFile('/tmp/f')).toBe('one\ntwo\nthree\n');
    await host.sh("sed -i -e '/two/d' -e 's/o\\(n\\)e/[\\1&]/' /tmp/f");
    expect(host.readFile('/tmp/f')).toBe('[none]\nthree\n');
    expect(await host.sh("grep 'none|three' /tmp/f")).toBe('');
    expect(await host.sh("grep 'none\\|three' /tmp/f")).toBe('[none]\nthree\n');
    expect(await host.sh("grep -E 'none|three' /tmp/f")).toBe('[none]\nthree\n');
    expect(await host.sh('grep -n -i THREE /tmp/f')).toBe('2:three\n');
  });
});

describe('ControlPlaneHost static pods', () => {
  it('restarts kube-apiserver with the new flags a few seconds after the manifest changes', async () => {
    const { loop, host, events, launches } = recordingHost();
    expect(events).toEqual(['start#1@0', 'serve#1@0']);
    const oldPid = host.processes.find('kube-apiserver')!.pid;
    await host.sh("sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' /etc/kubernetes/manifests/kube-apiserver.yaml");
    loop.advanceTo(1_000);
    expect(events.slice(2)).toEqual(['stop#1@1000']);
    expect(host.status()).toMatchObject({ state: 'down' });
    expect(await host.sh('ps aux | grep -v grep | grep -c kube-apiserver')).toBe('0\n');
    loop.runUntilQuiet();
    expect(events.slice(2)).toEqual(['stop#1@1000', 'start#2@2000', 'serve#2@5000']);
    expect(launches[1].argv).toContain('--authorization-mode=AlwaysAllow');
    expect(launches[1].sourceText).toContain('--authorization-mode=AlwaysAllow');
    expect(host.status()).toEqual({ state: 'running' });
    const ps = await host.sh('ps aux | grep -v grep | grep kube-apiserver');
    expect(ps).toContain('--authorization-mode=AlwaysAllow');
    expect(host.processes.find('kube-apiserver')!.pid).not.toBe(oldPid);
  });

  it('does not restart when a write leaves the manifest unchanged', () => {
    const { loop, host, events } = recordingHost();
    host.editFile('/etc/kubernetes/manifests/kube-apiserver.yaml', (text) => text);
    loop.runUntilQuiet();
    expect(events).toEqual(['start#1@0', 'serve#1@0']);
  });

  it('keeps the API server down with the kubelet saying why when the manifest is not valid YAML', async () => {
    const { loop, host, events } = recordingHost();
    host.editFile('/etc/kubernetes/manifests/kube-apiserver.yaml', (text) => text.replace('    - --allow-privileged=true', '   - --allow-privileged=true'));
    loop.runUntilQuiet();
    expect(events).toEqual(['start#1@0', 'serve#1@0', 'stop#1@1000']);
    expect(host.status().state).toBe('down');
    expect(host.status().problem).toMatch(/Could not process manifest file .*kube-apiserver.yaml: couldn't parse as pod\(yaml: line \d+/);
    const log = await host.sh('journalctl -u kubelet | grep manifest');
    expect(log).toMatch(/^Jan 01 00:00:01 control-plane kubelet\[734\]: E0101 00:00:01\.000000 +734 file\.go:187\] "Could not process manifest file"/);
  });

  it('crash-loops a kube-apiserver that rejects its flags, with the error in crictl logs', async () => {
    const { loop, host, events } = recordingHost();
    await host.sh("sed -i 's/Node,RBAC/Node,RBAC,Magic/' /etc/kubernetes/manifests/kube-apiserver.yaml");
    loop.runUntilQuiet();
    expect(events).toEqual(['start#1@0', 'serve#1@0', 'stop#1@1000']);
    expect(host.status().problem).toContain('authorization mode "Magic" is not supported');
    const ps = await host.sh('crictl ps -a --name kube-apiserver');
    // The replaced pod's container was garbage-collected: only the crashed attempt is left.
    expect(ps.trimEnd().split('\n')).toHaveLength(2);
    expect(ps.split('\n')[1]).toMatch(/Exited +kube-apiserver +0 /);
    expect(await host.sh('crictl logs kube-apiserver')).toBe('Error: invalid argument "Node,RBAC,Magic" for "--authorization-mode" flag: authorization mode "Magic" is not supported\n');
    loop.advanceTo(loop.now() + 10_000);
    const afterRetry = await host.sh('crictl ps -a --name kube-apiserver');
    expect(afterRetry.trimEnd().split('\n').slice(1).map((row) => row.replace(/^(\S+).*(Exited +kube-apiserver +\d+).*$/, '$2'))).toEqual(['Exited   kube-apiserver   1', 'Exited   kube-apiserver   0']);
    expect((await host.sh('crictl ps -a -q --name kube-apiserver')).split('\n')[0]).toMatch(/^[0-9a-f]{64}$/);
    // Fixing the file brings it back.
    await host.sh("sed -i 's/,Magic//' /etc/kubernetes/manifests/kube-apiserver.yaml");
    loop.runUntilQuiet();
    expect(host.status()).toEqual({ state: 'running' });
    expect(events.at(-1)).toMatch(/^serve#2@/);
  });
});

describe('ControlPlaneHost systemd', () => {
  it('uses the unit file and needs daemon-reload before a restart picks up an edit', async () => {
    const { loop, host, events, launches } = recordingHost({ setup: 'systemd' });
    expect(host.fs.exists('/etc/kubernetes/manifests/kube-apiserver.yaml')).toBe(false);
    expect(launches[0].argv[0]).toBe('/usr/local/bin/kube-apiserver');
    expect(launches[0].argv).toContain('--runtime-config=api/all=true');
    expect(await host.sh('systemctl status kube-apiserver')).toMatch(/^● kube-apiserver\.service - Kubernetes API Server\n +Loaded: loaded \(\/etc\/systemd\/system\/kube-apiserver\.service; enabled; preset: enabled\)\n +Active: active \(running\) since Thu 2026-01-01 00:00:00 UTC; 0s ago/);

    await host.sh("sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' /etc/systemd/system/kube-apiserver.service");
    loop.runUntilQuiet();
    expect(events).toEqual(['start#1@0', 'serve#1@0']);
    expect(await host.sh('systemctl restart kube-apiserver')).toContain("changed on disk. Run 'systemctl daemon-reload' to reload units.");
    loop.runUntilQuiet();
    expect(launches[1].argv).toContain('--authorization-mode=Node,RBAC');

    expect(await host.sh('systemctl daemon-reload && systemctl restart kube-apiserver')).toBe('');
    expect(host.status().state).toBe('starting');
    loop.runUntilQuiet();
    expect(launches[2].argv).toContain('--authorization-mode=AlwaysAllow');
    expect(host.status()).toEqual({ state: 'running' });
    expect(await host.sh('ps aux | grep -v grep | grep kube-apiserver')).toContain('/usr/local/bin/kube-apiserver --allow-privileged=true');
  });

  it('shows a crash in systemctl status and journalctl, and has no kube-apiserver unit on kubeadm', async () => {
    const { loop, host } = recordingHost({ setup: 'systemd' });
    await host.sh("sed -i 's/Node,RBAC/Nope/' /etc/systemd/system/kube-apiserver.service && systemctl daemon-reload && systemctl restart kube-apiserver");
    loop.runUntilQuiet();
    const status = await host.exec('systemctl status kube-apiserver');
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toContain('Active: activating (auto-restart) (Result: exit-code)');
    expect(status.stdout).toMatch(/Main PID: \d+ \(code=exited, status=1\/FAILURE\)/);
    expect(await host.sh('journalctl -u kube-apiserver | grep Error')).toContain('kube-apiserver[');
    const kubeadm = recordingHost().host;
    expect(await kubeadm.sh('systemctl restart kube-apiserver')).toBe('Failed to restart kube-apiserver.service: Unit kube-apiserver.service not found.\n');
    expect(await kubeadm.sh('systemctl is-active kubelet')).toBe('active\n');
  });
});
