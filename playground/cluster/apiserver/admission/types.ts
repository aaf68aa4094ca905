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
  /**
   * resources lists the plural resources the plugin can act on (its first check), so the chain
   * never calls it for others; absent, it sees every write.
   */
  readonly resources?: readonly string[];
  /** operations lists the operations the plugin can act on (checked with resources); absent, all of them. */
  readonly operations?: readonly AdmissionAttributes['operation'][];
  /** mainResourceOnly: the plugin never acts on a subresource's writes (status, binding). */
  readonly mainResourceOnly?: boolean;
  admit?(attributes: AdmissionAttributes, lookups: AdmissionLookups): void;
  validate?(attributes: AdmissionAttributes, lookups: AdmissionLookups): void;
}

/** PhasePlugins are the plugins of each phase that act on one resource, in order. */
interface PhasePlugins {
  mutating: AdmissionPlugin[];
  validating: AdmissionPlugin[];
}

/** OPERATIONS are the admission operations, in the order of a resource's phase lists. */
const OPERATIONS: readonly AdmissionAttributes['operation'][] = ['CREATE', 'UPDATE', 'DELETE'];

/** AdmissionChain runs the enabled plugins in order. */
export class AdmissionChain {
  // Every write runs both phases: each phase's plugins are picked once per resource, operation and
  // main resource or subresource, not looked up per write. A plugin for pods alone is never called
  // for the Events every component writes, nor one for pod creation on a kubelet's status patch.
  private readonly byResource = new Map<ResourceInfo, PhasePlugins[]>();
  /**
   * validates tells whether any validating plugin is enabled (without one, validate does nothing).
   * A field, not a getter: every create and update reads it, and a getter is a call in an interpreter.
   */
  readonly validates: boolean;

  constructor(
    readonly plugins: readonly AdmissionPlugin[],
    private readonly lookups: AdmissionLookups,
  ) {
    this.validates = plugins.some((plugin) => plugin.validate !== undefined);
  }

  /** phasesFor picks (once) the plugins that act on a resource's writes of one operation, to the resource itself or a subresource. */
  private phasesFor(resource: ResourceInfo, operation: AdmissionAttributes['operation'], subresource: string): PhasePlugins {
    let byWrite = this.byResource.get(resource);
    if (!byWrite) {
      byWrite = [];
      for (const op of OPERATIONS) {
        for (const toSubresource of [false, true]) {
          const acting = this.plugins.filter(
            (plugin) => (!plugin.resources || plugin.resources.includes(resource.resource)) && (!plugin.operations || plugin.operations.includes(op)) && !(toSubresource && plugin.mainResourceOnly),
          );
          byWrite.push({ mutating: acting.filter((plugin) => plugin.admit !== undefined), validating: acting.filter((plugin) => plugin.validate !== undefined) });
        }
      }
      this.byResource.set(resource, byWrite);
    }
    const index = operation === 'CREATE' ? 0 : operation === 'UPDATE' ? 2 : 4;
    return byWrite[subresource ? index + 1 : index];
  }

  /** admit runs every mutating plugin that acts on the attributes' resource. */
  admit(attributes: AdmissionAttributes): void {
    const mutating = this.phasesFor(attributes.resource, attributes.operation, attributes.subresource).mutating;
    for (let i = 0; i < mutating.length; i++) mutating[i].admit!(attributes, this.lookups);
  }

  /** validate runs every validating plugin that acts on the attributes' resource. */
  validate(attributes: AdmissionAttributes): void {
    const validating = this.phasesFor(attributes.resource, attributes.operation, attributes.subresource).validating;
    for (let i = 0; i < validating.length; i++) validating[i].validate!(attributes, this.lookups);
  }

  /** names lists the enabled plugins in the order they run. */
  get names(): string[] {
    return this.plugins.map((p) => p.name);
  }
}
