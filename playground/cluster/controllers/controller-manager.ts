/**
 * KubeControllerManager bundles the controllers this cluster runs under the identity
 * `system:kube-controller-manager`: the ReplicaSet controller and the node-lifecycle controller.
 * It gets an API client and the simulation context, nothing else.
 */
import type { ApiClient } from '../api/client';
import type { SimContext } from '../sim/context';
import type { Controller } from './controller';
import { NodeLifecycleController } from './node-lifecycle';
import { startReplicaSetController } from './replicaset';

export class KubeControllerManager {
  /** replicaSet is the running ReplicaSet controller (undefined until start). */
  replicaSet: Controller | undefined;
  readonly nodeLifecycle: NodeLifecycleController;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
  ) {
    this.nodeLifecycle = new NodeLifecycleController(client, ctx);
  }

  /** start runs every controller. */
  start(): void {
    this.replicaSet ??= startReplicaSetController(this.client, this.ctx);
    this.nodeLifecycle.start();
  }

  /** stop stops every controller (a later start begins afresh). */
  stop(): void {
    this.replicaSet?.stop();
    this.replicaSet = undefined;
    this.nodeLifecycle.stop();
  }
}
