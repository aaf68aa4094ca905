/**
 * The clients a reader's step code uses, all callback-based so every hop is a simulation event
 * (createCluster wraps them in promises): kubectl over an ApiClient, raw HTTP-style calls, and
 * etcdctl over an EtcdClient for admins on the control-plane node.
 */
export { kubectl, kubectlArgs } from './kubectl/index';
export type { KubectlOptions } from './kubectl/index';
export type { KubectlEnv } from './kubectl/env';
export type { CommandResult, Done } from './kubectl/result';
export { etcdctl, etcdctlArgs } from './etcdctl';
export type { EtcdctlEnv } from './etcdctl';
export type { EtcdMember } from './etcdctl/cluster';
export { DEFAULT_MEMBER } from './etcdctl/cluster';
export type { WatchBounds } from './etcdctl/watch';
export { formatCurlRequest, formatCurlResponse, HttpCallError, httpRequest } from './http';
export type { HttpMethod, RawResponse } from './http';
export { parseYamlDocuments, toYaml, YamlSyntaxError } from './yaml';
export { goJson } from './gojson';
