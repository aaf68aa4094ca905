/**
 * Admission: plugins that see a write after authorization and before storage. Mutating plugins
 * (`admit`) run before validation, validating plugins (`validate`) after it, each in the order of
 * AllOrderedPlugins (k8s.io/apiserver pkg/admission).
 */
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { UserInfo } from '../request';

/** AdmissionAttributes describes the write being admitted (admission.Attributes). */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  resource: ResourceInfo;
  /** "" for the main resource; status, binding… for subresources. */
  subresource: string;
  namespace: string;
  name: string;
  /** The object being written (absent for DELETE). */
  object?: KubeObject;
  /** The stored object before the write (UPDATE, DELETE). */
  oldObject?: KubeObject;
  user: UserInfo;
}

/** AdmissionLookups is read access the plugins need (namespaces, service accounts, priority classes). */
export interface AdmissionLookups {
  namespace(name: string): KubeObject | undefined;
  serviceAccount(namespace: string, name: string): KubeObject | undefined;
  /** suffix returns a random-looking 5-character suffix (the kube-api-access-xxxxx volume). */
  suffix(): string;
}

/** AdmissionPlugin is one named plugin; a plugin throws a StatusError to refuse the request. */
export interface AdmissionPlugin {
  readonly name: string;
  admit?(attributes: AdmissionAttributes, lookups: AdmissionLookups): void;
  validate?(attributes: AdmissionAttributes, lookups: AdmissionLookups): void;
}

/** AdmissionChain runs the enabled plugins in order. */
export class AdmissionChain {
  // Every write runs both phases: each phase's plugins are picked once, not looked up per write.
  private readonly mutating: AdmissionPlugin[];
  private readonly validating: AdmissionPlugin[];

  constructor(
    readonly plugins: readonly AdmissionPlugin[],
    private readonly lookups: AdmissionLookups,
  ) {
    this.mutating = plugins.filter((plugin) => plugin.admit !== undefined);
    this.validating = plugins.filter((plugin) => plugin.validate !== undefined);
  }

  /** admit runs every mutating plugin. */
  admit(attributes: AdmissionAttributes): void {
    for (let i = 0; i < this.mutating.length; i++) this.mutating[i].admit!(attributes, this.lookups);
  }

  /** validates tells whether any validating plugin is enabled (without one, validate does nothing). */
  get validates(): boolean {
    return this.validating.length > 0;
  }

  /** validate runs every validating plugin. */
  validate(attributes: AdmissionAttributes): void {
    for (let i = 0; i < this.validating.length; i++) this.validating[i].validate!(attributes, this.lookups);
  }

  /** names lists the enabled plugins in the order they run. */
  get names(): string[] {
    return this.plugins.map((p) => p.name);
  }
}
