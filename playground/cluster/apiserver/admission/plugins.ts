/**
 * The admission plugins kube-apiserver knows, in AllOrderedPlugins order, which are on by default,
 * and which of them this mini server models. Unmodelled names are accepted in flags (so real
 * manifests parse) and listed as such by `enabledAdmissionPlugins`.
 */
import { AlwaysAdmit, AlwaysDeny, AlwaysPullImages } from './always';
import { DefaultTolerationSeconds } from './default-toleration-seconds';
import { NamespaceLifecycle } from './namespace-lifecycle';
import { NodeRestriction } from './node-restriction';
import { Priority } from './priority';
import { ServiceAccount } from './service-account';
import { TaintNodesByCondition } from './taint-nodes-by-condition';
import type { AdmissionPlugin } from './types';

/** ADMISSION_PLUGIN_NAMES is AllOrderedPlugins (pkg/kubeapiserver/options/plugins.go), abridged to what exists in 1.32. */
export const ADMISSION_PLUGIN_NAMES: readonly string[] = [
  'AlwaysAdmit', 'NamespaceAutoProvision', 'NamespaceLifecycle', 'NamespaceExists', 'AlwaysPullImages',
  'LimitPodHardAntiAffinityTopology', 'LimitRanger', 'ServiceAccount', 'NodeRestriction', 'TaintNodesByCondition',
  'PodNodeSelector', 'PodTolerationRestriction', 'EventRateLimit', 'ExtendedResourceToleration', 'DefaultStorageClass',
  'StorageObjectInUseProtection', 'OwnerReferencesPermissionEnforcement', 'PersistentVolumeClaimResize', 'RuntimeClass',
  'CertificateApproval', 'CertificateSigning', 'ClusterTrustBundleAttest', 'CertificateSubjectRestriction',
  'DefaultIngressClass', 'DenyServiceExternalIPs', 'PodSecurity', 'Priority', 'DefaultTolerationSeconds',
  'MutatingAdmissionPolicy', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook',
  'ResourceQuota', 'AlwaysDeny',
];

/** DEFAULT_ON_PLUGINS are enabled unless disabled (everything but DefaultOffAdmissionPlugins). */
export const DEFAULT_ON_PLUGINS: readonly string[] = [
  'NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'TaintNodesByCondition', 'PodSecurity', 'Priority',
  'DefaultTolerationSeconds', 'DefaultStorageClass', 'StorageObjectInUseProtection', 'PersistentVolumeClaimResize',
  'RuntimeClass', 'CertificateApproval', 'CertificateSigning', 'ClusterTrustBundleAttest', 'CertificateSubjectRestriction',
  'DefaultIngressClass', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'ResourceQuota',
];

/** MODELLED_PLUGINS are the plugins with an implementation here; the rest have nothing to act on in this cluster. */
export const MODELLED_PLUGINS: Readonly<Record<string, AdmissionPlugin>> = {
  AlwaysAdmit,
  NamespaceLifecycle,
  AlwaysPullImages,
  ServiceAccount,
  NodeRestriction,
  TaintNodesByCondition,
  Priority,
  DefaultTolerationSeconds,
  AlwaysDeny,
};

/** enabledAdmissionPlugins lists the enabled plugin names, in the order they run. */
export function enabledAdmissionPlugins(enable: readonly string[], disable: readonly string[]): string[] {
  return ADMISSION_PLUGIN_NAMES.filter((name) => (DEFAULT_ON_PLUGINS.includes(name) || enable.includes(name)) && !disable.includes(name));
}

/** admissionPluginsFor returns the modelled plugins among the enabled ones, in order. */
export function admissionPluginsFor(enable: readonly string[], disable: readonly string[]): AdmissionPlugin[] {
  return enabledAdmissionPlugins(enable, disable)
    .map((name) => MODELLED_PLUGINS[name])
    .filter((plugin): plugin is AdmissionPlugin => plugin !== undefined);
}
