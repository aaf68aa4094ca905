// Grant jane the right to manage pods in "default": a Role plus a RoleBinding.
console.log(await cluster.kubectl("apply -f -", `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-editor, namespace: default }
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch", "create", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: jane-edits-pods, namespace: default }
subjects:
  - { kind: User, name: jane, apiGroup: rbac.authorization.k8s.io }
roleRef: { kind: Role, name: pod-editor, apiGroup: rbac.authorization.k8s.io }
`));
console.log(await cluster.kubectl("auth can-i create pods --as jane"));
console.log(await cluster.kubectl("auth can-i create pods --as jane -n kube-system"));
const allowed = await jane.post(podsPath, pod("from-jane"));
console.log(allowed.code, (allowed.body as any).metadata.name);
