/**
 * buildConfig turns ApiServerOptions into the running configuration: who can authenticate, which
 * authorizers run in which order, which admission plugins are on. Built at start and again on
 * restart; a bad --token-auth-file stops the server, as it would stop the real binary.
 */
import type { Pod, Role, RoleBinding } from '../api/types';
import { admissionPluginsFor } from './admission/plugins';
import { AdmissionChain, type AdmissionLookups } from './admission/types';
import type { AuthnConfig } from './authn/authenticator';
import { parseTokenAuthFile } from './authn/token-file';
import { nodeAuthorizer } from './authz/node';
import { rbacAuthorizer, type RbacSource } from './authz/rbac';
import { AlwaysAllow, AlwaysDeny, type Authorizer } from './authz/types';
import type { ApiServerOptions } from './options';
import type { Cacher } from './watch/cacher';

/** ApiServerHost is what the server reads from the (simulated) control-plane node it runs on. */
export interface ApiServerHost {
  /** readFile returns a file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

/** StartupError is a configuration the real kube-apiserver would exit on. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface RunningConfig {
  authn: AuthnConfig;
  authorizers: Authorizer[];
  admission: AdmissionChain;
}

/** cacheRbacSource reads RBAC objects from the watch caches, as the real authorizer reads informers. */
export function cacheRbacSource(caches: ReadonlyMap<string, Cacher>): RbacSource {
  // A running configuration lives as long as its caches (a restart builds both anew): each cache
  // is found once, not on every request the authorizer reads it for.
  const clusterRoleBindings = caches.get('clusterrolebindings');
  const roleBindings = caches.get('rolebindings');
  const clusterRoles = caches.get('clusterroles');
  const roles = caches.get('roles');
  return {
    clusterRoleBindings: () => clusterRoleBindings!.list() as readonly RoleBinding[],
    roleBindings: (namespace) => roleBindings!.list(namespace) as readonly RoleBinding[],
    clusterRole: (name) => clusterRoles!.get('', name) as Role | undefined,
    role: (namespace, name) => roles!.get(namespace, name) as Role | undefined,
    // Both revisions only grow, so their sum moves whenever either cache changes.
    rolesRevision: () => clusterRoles!.revision + roles!.revision,
    // The same for all four caches: it moves whenever any binding or role changes.
    revision: () => clusterRoleBindings!.revision + roleBindings!.revision + clusterRoles!.revision + roles!.revision,
  };
}

export function buildConfig(options: ApiServerOptions, host: ApiServerHost, caches: ReadonlyMap<string, Cacher>, lookups: AdmissionLookups): RunningConfig {
  let tokens = new Map();
  if (options.tokenAuthFile) {
    const text = host.readFile(options.tokenAuthFile);
    if (text === undefined) throw new StartupError(`failed to initialize token authenticator: open ${options.tokenAuthFile}: no such file or directory`);
    try {
      tokens = parseTokenAuthFile(options.tokenAuthFile, text);
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
  }
  const authorizers = options.authorizationModes.map((mode): Authorizer => {
    switch (mode) {
      case 'AlwaysAllow':
        return AlwaysAllow;
      case 'AlwaysDeny':
        return AlwaysDeny;
      case 'RBAC':
        return rbacAuthorizer(cacheRbacSource(caches));
      case 'Node': {
        const pods = caches.get('pods');
        return nodeAuthorizer((namespace, name) => pods!.get(namespace, name) as Pod | undefined);
      }
      default:
        throw new StartupError(`authorization mode ${mode} is not modelled by this mini API server`);
    }
  });
  return {
    authn: { tokens, clientCertificates: options.clientCaFile !== undefined, anonymous: options.anonymousAuth },
    authorizers,
    admission: new AdmissionChain(admissionPluginsFor(options.enableAdmissionPlugins, options.disableAdmissionPlugins), lookups),
  };
}
