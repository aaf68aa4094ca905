/**
 * RBAC's remembered decisions (apiserver/authz/rbac.ts) seen from step code: every create, update
 * and delete of a Role, ClusterRole, RoleBinding or ClusterRoleBinding must flip `kubectl auth
 * can-i` and real requests at once, for the very request shape asked a moment before (the one a
 * stale remembered decision would answer), with the freeze guard on and off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Role, RoleBinding } from '../api/types';
import { createCluster, type Cluster } from '../index';
import { setFreezeGuard } from '../sim/freeze';

afterEach(() => setFreezeGuard(true));

const MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

function role(kind: 'Role' | 'ClusterRole', name: string, rules: Role['rules'], namespace?: string): Role {
  return { apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: namespace ? { name, namespace } : { name }, rules };
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleRef: RoleBinding['roleRef'], subjects: RoleBinding['subjects'], namespace?: string): RoleBinding {
  return { apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: namespace ? { name, namespace } : { name }, roleRef, subjects };
}

const READ_PODS = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }];

/** canI is `kubectl auth can-i … --as user`, trimmed: "yes" or "no[ - reason]". */
async function canI(cluster: Cluster, user: string, args: string): Promise<string> {
  return (await cluster.kubectl(`auth can-i ${args} --as ${user}`)).trim();
}

/** listPods is a real GET of the namespace's pods as `token`'s user: the HTTP code. */
async function listPods(cluster: Cluster, token: string, namespace = 'default'): Promise<number> {
  return (await cluster.http.as({ token }).get(`/api/v1/namespaces/${namespace}/pods`)).code;
}

function forEachGuard(name: string, body: () => Promise<void>): void {
  for (const guard of [true, false]) {
    it(`${name} (freeze guard ${guard ? 'on' : 'off'})`, async () => {
      setFreezeGuard(guard);
      try {
        await body();
      } finally {
        setFreezeGuard(true);
      }
    });
  }
}

function newCluster(): Cluster {
  return createCluster({
    users: [
      { name: 'jane', token: 'jane-token', groups: ['dev'] },
      { name: 'bob', token: 'bob-token', groups: ['ops'] },
    ],
  });
}

describe('RBAC remembered decisions, through the API', () => {
  forEachGuard('follow a Role and RoleBinding created, changed and deleted', async () => {
    const cluster = newCluster();
    const admin = cluster.client();
    const rbac = (resource: string, namespace?: string) => ({ resource, namespace });
    // Asked twice: the second answer is the remembered one.
    for (let i = 0; i < 2; i++) {
      expect(await canI(cluster, 'jane', 'list pods')).toBe('no');
      expect(await listPods(cluster, 'jane-token')).toBe(403);
    }

    // A binding to a Role that does not exist yet: still no, with RBAC's reason.
    await admin.create(rbac('rolebindings', 'default'), binding('RoleBinding', 'jane-reads', { apiGroup: RBAC_GROUP, kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', name: 'jane' }], 'default'));
    expect(await canI(cluster, 'jane', 'list pods')).toBe('no - RBAC: role.rbac.authorization.k8s.io "pod-reader" not found');
    expect(await canI(cluster, 'jane', 'list pods')).toBe('no - RBAC: role.rbac.authorization.k8s.io "pod-reader" not found');
    await admin.create(rbac('roles', 'default'), role('Role', 'pod-reader', READ_PODS, 'default'));
    expect(await canI(cluster, 'jane', 'list pods')).toBe('yes');
    expect(await listPods(cluster, 'jane-token')).toBe(200);
    // Not bob, not another namespace.
    expect(await canI(cluster, 'bob', 'list pods')).toBe('no');
    expect(await listPods(cluster, 'bob-token')).toBe(403);
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(403);

    // The Role loses its list verb: get stays, list goes.
    // A reader's read-modify-write: GET, change the copy, PUT.
    const patched = await admin.get<Role>({ ...rbac('roles', 'default'), name: 'pod-reader' });
    patched.rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
    await admin.update({ ...rbac('roles', 'default'), name: 'pod-reader' }, patched);
    expect(await canI(cluster, 'jane', 'list pods')).toBe('no');
    expect(await listPods(cluster, 'jane-token')).toBe(403);
    expect(await canI(cluster, 'jane', 'get pods')).toBe('yes');

    // Back, then the binding moves from jane to her group, then to bob's group.
    await admin.patch({ ...rbac('roles', 'default'), name: 'pod-reader' }, { rules: READ_PODS }, 'merge');
    expect(await canI(cluster, 'jane', 'list pods')).toBe('yes');
    await admin.patch({ ...rbac('rolebindings', 'default'), name: 'jane-reads' }, { subjects: [{ kind: 'Group', name: 'dev' }] }, 'merge');
    expect(await canI(cluster, 'jane', 'list pods')).toBe('yes');
    expect(await canI(cluster, 'bob', 'list pods')).toBe('no');
    await admin.patch({ ...rbac('rolebindings', 'default'), name: 'jane-reads' }, { subjects: [{ kind: 'Group', name: 'ops' }] }, 'merge');
    expect(await canI(cluster, 'jane', 'list pods')).toBe('no');
    expect(await listPods(cluster, 'jane-token')).toBe(403);
    expect(await canI(cluster, 'bob', 'list pods')).toBe('yes');
    expect(await listPods(cluster, 'bob-token')).toBe(200);

    // Deleted binding, then deleted role with the binding back: no, and the reason names the role.
    await admin.delete({ ...rbac('rolebindings', 'default'), name: 'jane-reads' });
    expect(await canI(cluster, 'bob', 'list pods')).toBe('no');
    expect(await listPods(cluster, 'bob-token')).toBe(403);
    await admin.create(rbac('rolebindings', 'default'), binding('RoleBinding', 'bob-reads', { apiGroup: RBAC_GROUP, kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', name: 'bob' }], 'default'));
    expect(await canI(cluster, 'bob', 'list pods')).toBe('yes');
    await admin.delete({ ...rbac('roles', 'default'), name: 'pod-reader' });
    expect(await canI(cluster, 'bob', 'list pods')).toBe('no - RBAC: role.rbac.authorization.k8s.io "pod-reader" not found');
    expect(await listPods(cluster, 'bob-token')).toBe(403);
  });

  forEachGuard('follow ClusterRoles and ClusterRoleBindings, and RoleBindings to a ClusterRole', async () => {
    const cluster = newCluster();
    const admin = cluster.client();
    const clusterRoles = { resource: 'clusterroles' };
    const clusterBindings = { resource: 'clusterrolebindings' };
    expect(await canI(cluster, 'jane', 'list pods -A')).toBe('no');
    await admin.create(clusterRoles, role('ClusterRole', 'reader', READ_PODS));
    await admin.create(clusterBindings, binding('ClusterRoleBinding', 'dev-reads', { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'reader' }, [{ kind: 'Group', name: 'dev' }]));
    expect(await canI(cluster, 'jane', 'list pods -A')).toBe('yes');
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(200);

    // The ClusterRole deleted and made again: the binding's answer follows.
    await admin.delete({ ...clusterRoles, name: 'reader' });
    expect(await canI(cluster, 'jane', 'list pods -A')).toBe('no - RBAC: clusterrole.rbac.authorization.k8s.io "reader" not found');
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(403);
    await admin.create(clusterRoles, role('ClusterRole', 'reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]));
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(200);
    expect(await canI(cluster, 'jane', 'get pods -n kube-system')).toBe('no');

    // A RoleBinding in one namespace to the same ClusterRole, for bob: there, and only there.
    await admin.create(
      { resource: 'rolebindings', namespace: 'kube-public' },
      binding('RoleBinding', 'bob-reads', { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'reader' }, [{ kind: 'User', name: 'bob' }], 'kube-public'),
    );
    expect(await listPods(cluster, 'bob-token', 'kube-public')).toBe(200);
    expect(await listPods(cluster, 'bob-token', 'default')).toBe(403);
    // The ClusterRole's rules changed in place (an update): bob's namespaced grant follows too.
    await admin.patch({ ...clusterRoles, name: 'reader' }, { rules: [{ apiGroups: [''], resources: ['events'], verbs: ['list'] }] }, 'merge');
    expect(await listPods(cluster, 'bob-token', 'kube-public')).toBe(403);
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(403);
    expect(await canI(cluster, 'bob', 'list events -n kube-public')).toBe('yes');

    // The ClusterRoleBinding's roleRef cannot change; deleting it takes jane's grant away.
    await admin.patch({ ...clusterRoles, name: 'reader' }, { rules: READ_PODS }, 'merge');
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(200);
    await admin.delete({ ...clusterBindings, name: 'dev-reads' });
    expect(await listPods(cluster, 'jane-token', 'kube-system')).toBe(403);
    expect(await canI(cluster, 'jane', 'list pods -A')).toBe('no');
  });

  forEachGuard('decide name-limited rules by name, request after request', async () => {
    const cluster = newCluster();
    const admin = cluster.client();
    await admin.create({ resource: 'roles', namespace: 'default' }, role('Role', 'one-pod', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] }], 'default'));
    await admin.create(
      { resource: 'rolebindings', namespace: 'default' },
      binding('RoleBinding', 'jane-one-pod', { apiGroup: RBAC_GROUP, kind: 'Role', name: 'one-pod' }, [{ kind: 'User', name: 'jane' }], 'default'),
    );
    for (let i = 0; i < 2; i++) {
      expect(await canI(cluster, 'jane', 'get pods/a')).toBe('yes');
      expect(await canI(cluster, 'jane', 'get pods/b')).toBe('no');
      expect(await canI(cluster, 'jane', 'get pods')).toBe('no');
      expect((await cluster.http.as({ token: 'jane-token' }).get('/api/v1/namespaces/default/pods/b')).code).toBe(403);
      // Allowed through: the pod does not exist.
      expect((await cluster.http.as({ token: 'jane-token' }).get('/api/v1/namespaces/default/pods/a')).code).toBe(404);
    }
    // The name list widened: b too, at once.
    await admin.patch({ resource: 'roles', namespace: 'default', name: 'one-pod' }, { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a', 'b'] }] }, 'merge');
    expect(await canI(cluster, 'jane', 'get pods/b')).toBe('yes');
    expect((await cluster.http.as({ token: 'jane-token' }).get('/api/v1/namespaces/default/pods/b')).code).toBe(404);
  });

  it('tells one user name with two tokens apart by the groups each token carries', async () => {
    const cluster = newCluster();
    // A second token for the name jane, in bob's group: after the restart both authenticate as jane.
    await cluster.host.sh(`echo 'jane-ops-token,jane,1003,"ops"' >> /etc/kubernetes/token.csv`);
    await cluster.host.sh(`sed -i 's/^    - --allow-privileged=true$/&\\n    - --anonymous-auth=true/' ${MANIFEST}`);
    await cluster.run({ for: '1500ms' });
    await cluster.run();
    expect(cluster.host.status()).toEqual({ state: 'running' });
    await cluster.client().create(
      { resource: 'rolebindings', namespace: 'default' },
      binding('RoleBinding', 'dev-reads', { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'dev' }], 'default'),
    );
    for (let i = 0; i < 2; i++) {
      expect(await listPods(cluster, 'jane-token')).toBe(200);
      expect(await listPods(cluster, 'jane-ops-token')).toBe(403);
    }
    await cluster.client().patch({ resource: 'rolebindings', namespace: 'default', name: 'dev-reads' }, { subjects: [{ kind: 'Group', name: 'ops' }] }, 'merge');
    expect(await listPods(cluster, 'jane-token')).toBe(403);
    expect(await listPods(cluster, 'jane-ops-token')).toBe(200);
  });

  it('starts over when kube-apiserver restarts with another --authorization-mode, and back', async () => {
    const cluster = newCluster();
    expect(await listPods(cluster, 'jane-token')).toBe(403);
    expect(await listPods(cluster, 'jane-token')).toBe(403);
    await cluster.host.sh(`sed -i 's/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/' ${MANIFEST}`);
    await cluster.run({ for: '1500ms' });
    await cluster.run();
    expect(cluster.host.status()).toEqual({ state: 'running' });
    expect(await listPods(cluster, 'jane-token')).toBe(200);
    expect(await canI(cluster, 'jane', 'list pods')).toBe('yes');
    // While AlwaysAllow serves, a binding appears; after the switch back RBAC must see it.
    await cluster.client().create(
      { resource: 'clusterrolebindings' },
      binding('ClusterRoleBinding', 'jane-view', { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'jane' }]),
    );
    await cluster.host.sh(`sed -i 's/--authorization-mode=AlwaysAllow/--authorization-mode=Node,RBAC/' ${MANIFEST}`);
    await cluster.run({ for: '1500ms' });
    await cluster.run();
    expect(cluster.host.status()).toEqual({ state: 'running' });
    expect(await listPods(cluster, 'jane-token')).toBe(200);
    expect(await canI(cluster, 'jane', 'delete pods')).toBe('no');
    expect(await listPods(cluster, 'bob-token')).toBe(403);
  });
});
