import { describe, expect, it } from 'vitest';
import { flagsFromStaticPodManifest } from '../apiserver/flag-sources';
import { commandFromManifest } from './command-line';
import { defaultHostConfig } from './host-config';
import { etcdManifest, kubeApiServerManifest, kubeControllerManagerManifest, kubeSchedulerManifest } from './kubeadm-manifests';
import { knownManifestCommand } from './manifest-commands';

// A trailing comment changes the text (so the memo misses and YAML is parsed) but not the command.
const parsedForReal = (text: string) => commandFromManifest(`${text}# edited\n`);

describe('manifest command memo', () => {
  const config = defaultHostConfig({
    apiServerArgs: { 'authorization-mode': 'Node,RBAC', 'enable-admission-plugins': 'NodeRestriction,AlwaysPullImages' },
    tokenUsers: [{ name: 'alice', token: 'alice-token', uid: 'alice', groups: ['dev'] }],
  });
  const manifests = { etcd: etcdManifest(config), apiserver: kubeApiServerManifest(config), cm: kubeControllerManagerManifest(config), scheduler: kubeSchedulerManifest(config) };

  it.each(Object.entries(manifests))('remembers exactly what parsing the generated %s manifest gives', (_name, text) => {
    const remembered = knownManifestCommand(text);
    expect(remembered).toBeDefined();
    expect(parsedForReal(text)).toEqual({ ok: true, argv: remembered });
    expect(commandFromManifest(text)).toEqual({ ok: true, argv: remembered });
  });

  it('gives kube-apiserver the same flags from its generated manifest as from an edited copy', () => {
    expect(flagsFromStaticPodManifest(manifests.apiserver)).toEqual(flagsFromStaticPodManifest(`${manifests.apiserver}# edited\n`));
    expect(flagsFromStaticPodManifest(manifests.apiserver)).toContain('--authorization-mode=Node,RBAC');
  });

  it('hands out copies, so a caller changing its argv does not change the next boot', () => {
    const first = knownManifestCommand(manifests.scheduler)!;
    first.push('--tampered');
    expect(knownManifestCommand(manifests.scheduler)).not.toContain('--tampered');
  });

  it('does not remember a manifest whose flag value YAML would read differently, and parses it instead', () => {
    const text = kubeApiServerManifest(defaultHostConfig({ apiServerArgs: { 'audit-policy-file': '/etc/a.yaml #note' } }));
    expect(knownManifestCommand(text)).toBeUndefined();
    const parsed = commandFromManifest(text);
    expect(parsed.ok && parsed.argv).toContain('--audit-policy-file=/etc/a.yaml');
  });

  it('still reports a broken edit of a generated manifest', () => {
    const broken = manifests.apiserver.replace('kind: Pod', 'kind: Deployment');
    expect(commandFromManifest(broken)).toEqual({ ok: false, error: 'invalid pod: kind must be "Pod", got "Deployment"' });
  });
});
