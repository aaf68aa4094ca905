import { describe, expect, it } from 'vitest';
import { createCluster } from '../../index';

describe('kubectl auth whoami (SelfSubjectReview)', () => {
  it('prints the admin as the API server authenticated it, in kubectl\'s ATTRIBUTE/VALUE table', async () => {
    const cluster = createCluster({ nodes: 1 });
    expect(await cluster.kubectl('auth whoami')).toBe(
      'ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n',
    );
    const request = cluster.trace.entries.find((e) => e.kind === 'request' && e.from === 'kubectl');
    expect(request).toMatchObject({ method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews' });
  });

  it('answers every authenticated user (system:basic-user), with -o yaml', async () => {
    const cluster = createCluster({ nodes: 1, users: [{ name: 'jane', token: 'jane-token', groups: ['devs'] }] });
    expect(await cluster.kubectl('auth whoami --as jane')).toBe('ATTRIBUTE   VALUE\nUsername    jane\nUID         jane\nGroups      [devs system:authenticated]\n');
    expect(await cluster.kubectl('auth whoami -o yaml')).toBe(
      'apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: null\nstatus:\n  userInfo:\n    groups:\n    - kubeadm:cluster-admins\n    - system:authenticated\n    username: kubernetes-admin\n',
    );
  });

  it('is refused to the anonymous user, and kubectl words a refusal as "not enabled"', async () => {
    const cluster = createCluster({ nodes: 1, users: [{ name: 'jane', token: 'jane-token' }] });
    const response = await cluster.http.anonymous.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(response.code).toBe(403);
    await cluster.kubectl('delete clusterrolebinding system:basic-user');
    const refused = await cluster.kubectl.run('auth whoami --as jane');
    expect(refused).toEqual({ stdout: '', stderr: 'error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call\n', exitCode: 1 });
  });
});
