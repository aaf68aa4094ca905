import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { ApiError, createCluster } from '../index';
import { expectPodRunning, expectTraceOrder } from '../testing';

const MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const REFUSED = 'The connection to the server 10.0.0.10:6443 was refused - did you specify the right host or port?\n';

function withJane() {
  return createCluster({ users: [{ name: 'jane', token: 'jane-token', groups: ['developers'] }] });
}

describe('kube-apiserver flags from the kubeadm manifest', () => {
  it('switching --authorization-mode in the manifest changes what a user may do, after the static pod restarts', async () => {
    const cluster = withJane();
    const jane = cluster.http.as({ token: 'jane-token' });
    const before = await jane.get('/api/v1/namespaces/default/pods');
    expect(before.code).toBe(403);
    expect((before.body as { message: string }).message).toBe('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');

    expect(await cluster.host.sh(`sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' ${MANIFEST}`)).toBe('');
    // The kubelet has not noticed yet: the old process still answers.
    expect((await jane.get('/api/v1/namespaces/default/pods')).code).toBe(403);
    await cluster.run({ for: '1500ms' });
    expect(cluster.host.status()).toEqual({ state: 'down', problem: 'kube-apiserver is restarting after its manifest changed' });
    expect(await cluster.kubectl('get pods')).toBe(REFUSED);
    expect(await cluster.host.sh('kubectl get pods')).toBe(REFUSED);
    await cluster.run({ for: '1s' });
    expect(cluster.host.status().state).toBe('starting');
    await expect(jane.get('/api/v1/namespaces/default/pods')).rejects.toMatchObject({ name: 'ApiError', code: 0, reason: 'ConnectionRefused' });

    await cluster.run();
    expect(cluster.host.status()).toEqual({ state: 'running' });
    expect((await jane.get('/api/v1/namespaces/default/pods')).code).toBe(200);
    expect(cluster.apiServerFlags).toContain('--authorization-mode=AlwaysAllow');
    const ps = await cluster.host.sh('ps aux | grep kube-apiserver');
    const [serverLine, grepLine] = ps.trimEnd().split('\n');
    expect(serverLine).toMatch(/^root +\d+ .* kube-apiserver --advertise-address=10\.0\.0\.10 .*--authorization-mode=AlwaysAllow /);
    expect(serverLine).not.toContain('Node,RBAC');
    expect(grepLine).toMatch(/ grep kube-apiserver$/);
    expectTraceOrder(cluster.trace.entries, [
      { kind: 'action', from: 'kubelet/control-plane', to: 'kube-apiserver', action: 'static pod changed' },
      { kind: 'action', from: 'kubelet/control-plane', action: 'StopContainer' },
      { kind: 'action', from: 'kube-apiserver', action: 'stopped' },
      { kind: 'action', from: 'kubectl', to: 'kube-apiserver', action: 'connection refused' },
      { kind: 'action', from: 'kubelet/control-plane', action: 'StartContainer', summary: /^start kube-apiserver: 28 flags from \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml$/ },
      { kind: 'action', from: 'kube-apiserver', action: 'serving' },
      { kind: 'request', from: 'curl', user: 'jane' },
      { kind: 'response', to: 'curl', code: 200 },
    ]);
  });

  it('--anonymous-auth=false turns an anonymous 403 into a 401', async () => {
    const cluster = createCluster();
    const anonymous = cluster.http.anonymous;
    const before = await anonymous.get('/api/v1/namespaces/default/pods');
    expect(before.code).toBe(403);
    expect((before.body as { message: string }).message).toContain('User "system:anonymous" cannot list resource "pods"');

    await cluster.host.sh(`sed -i 's/^    - --allow-privileged=true$/&\\n    - --anonymous-auth=false/' ${MANIFEST}`);
    expect(await cluster.host.sh(`grep -n anonymous ${MANIFEST}`)).toBe('17:    - --anonymous-auth=false\n');
    await cluster.run();
    const after = await anonymous.get('/api/v1/namespaces/default/pods');
    expect(after.code).toBe(401);
    expect(after.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    // The admin's client certificate still works.
    expect((await cluster.http.get('/api/v1/namespaces/default/pods')).code).toBe(200);
  });

  it('--enable-admission-plugins=…,AlwaysPullImages makes new pods always pull', async () => {
    const cluster = createCluster();
    await cluster.kubectl('run before --image=nginx:1.27');
    await cluster.host.sh(`sed -i 's/--enable-admission-plugins=NodeRestriction/&,AlwaysPullImages/' ${MANIFEST}`);
    await cluster.run();
    await cluster.kubectl('run after --image=nginx:1.27');
    const policy = async (name: string) => (await cluster.client().get<Pod>({ resource: 'pods', name })).spec.containers[0].imagePullPolicy;
    expect(await policy('before')).toBe('IfNotPresent');
    expect(await policy('after')).toBe('Always');
  });

  it('brings the scheduler and kubelets back to work after the restart (their watches re-open)', async () => {
    const cluster = createCluster();
    await cluster.host.sh(`sed -i 's/--enable-admission-plugins=NodeRestriction/&,AlwaysPullImages/' ${MANIFEST}`);
    await cluster.run();
    await cluster.kubectl('run late --image=nginx:1.27');
    const pod = await expectPodRunning(cluster, 'late');
    expect(pod.spec.nodeName).toMatch(/^node-[12]$/);
  });

  it('keeps the API server down with a clear error when a flag value is bad, until the manifest is fixed', async () => {
    const cluster = createCluster();
    await cluster.host.sh(`sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=Node,RBAC,Magic/' ${MANIFEST}`);
    await cluster.run();
    expect(cluster.host.status().state).toBe('down');
    expect(await cluster.kubectl('get pods')).toBe(REFUSED);
    expect(await cluster.host.sh('crictl ps -a --name kube-apiserver')).toMatch(/\n[0-9a-f]{13} +\S+ +.* ago +Exited +kube-apiserver +0 /);
    expect(await cluster.host.sh('crictl logs kube-apiserver')).toBe('Error: --authorization-mode: Unsupported value: "Magic": supported values: "AlwaysAllow", "AlwaysDeny", "ABAC", "Webhook", "RBAC", "Node"\n');

    await cluster.host.sh(`sed -i 's/,Magic//' ${MANIFEST}`);
    await cluster.run();
    expect(await cluster.kubectl('get pods')).toBe('No resources found in default namespace.\n');
  });

  it('keeps the API server down when the manifest is not valid YAML, and the kubelet log says why', async () => {
    const cluster = createCluster();
    cluster.host.editFile(MANIFEST, (text) => text.replace('  containers:\n', '  containers\n'));
    await cluster.run();
    expect(await cluster.kubectl('get nodes')).toBe(REFUSED);
    expect(cluster.host.status().problem).toMatch(/^Could not process manifest file \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml: couldn't parse as pod\(yaml: line \d+: /);
    expect(await cluster.host.sh('journalctl -u kubelet | grep -c "Could not process manifest file"')).toBe('1\n');
  });
});

describe('kube-apiserver flags from a systemd unit', () => {
  it('applies an edited unit only after daemon-reload and restart', async () => {
    const cluster = createCluster({ setup: 'systemd', users: [{ name: 'jane', token: 'jane-token' }] });
    const jane = cluster.http.as({ token: 'jane-token' });
    expect((await jane.get('/api/v1/namespaces/default/pods')).code).toBe(403);
    const unit = '/etc/systemd/system/kube-apiserver.service';
    expect(await cluster.host.sh(`grep -e --token-auth-file ${unit}`)).toBe('  --token-auth-file=/var/lib/kubernetes/token.csv \\\n');

    await cluster.host.sh(`sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' ${unit}`);
    await cluster.run();
    expect((await jane.get('/api/v1/namespaces/default/pods')).code).toBe(403);
    expect(await cluster.host.sh('systemctl restart kube-apiserver')).toMatch(/^Warning: The unit file, source configuration file or drop-ins of kube-apiserver\.service changed on disk/);
    await cluster.run();
    expect((await jane.get('/api/v1/namespaces/default/pods')).code).toBe(403);

    await cluster.host.sh('systemctl daemon-reload && systemctl restart kube-apiserver');
    await expect(jane.get('/api/v1/namespaces/default/pods')).rejects.toBeInstanceOf(ApiError);
    await cluster.run();
    expect((await jane.get('/api/v1/namespaces/default/pods')).code).toBe(200);
    expect(await cluster.host.sh('ps aux | grep -v grep | grep -o -e "--authorization-mode=[A-Za-z,]*"')).toBe('--authorization-mode=AlwaysAllow\n');
  });
});
