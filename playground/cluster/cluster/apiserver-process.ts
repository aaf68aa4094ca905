/**
 * ApiServerProcess is kube-apiserver as a process on the control-plane node: the node's kubelet
 * (or systemd) launches it from the manifest or unit text, it validates its flags as the binary
 * does (a bad one and it exits at once, with pflag's message), and only while it is serving does
 * the network reach it. It holds the one etcd client of the control plane and is the endpoint of
 * the LoopTransport every client uses; while it is down, every request is refused with kubectl's
 * "connection refused" wording and every open watch ends, so components re-list when it is back.
 * The KubeApiServer itself survives restarts (restart(options) re-reads the flags over the same
 * etcd), as the real one keeps no state but etcd's.
 */
import type { HttpRequest, HttpResponse, StreamHandle, WatchStream } from '../api/client';
import { answer, type ApiServerEndpoint, type Responder } from '../api/transport';
import type { ApiWatchEvent, Status } from '../api/types';
import { buildConfig, StartupError, type ApiServerHost } from '../apiserver/config';
import { flagsFromStaticPodManifest, flagsFromSystemdUnit } from '../apiserver/flag-sources';
import { FlagError, parseApiServerFlags, type ApiServerOptions } from '../apiserver/options';
import { KubeApiServer } from '../apiserver/server';
import type { EtcdClient } from '../etcd/types';
import type { ComponentLaunch, RunningComponent } from '../host/launcher';
import type { SimContext } from '../sim/context';
import { APISERVER } from '../sim/trace';

/** CONNECTION_REFUSED_REASON marks the Status of a request that never reached a server (HTTP code 0). */
export const CONNECTION_REFUSED_REASON = 'ConnectionRefused';

/** connectionRefusedMessage is kubectl's text for a refused connection to `address`. */
export function connectionRefusedMessage(address: string): string {
  return `The connection to the server ${address} was refused - did you specify the right host or port?`;
}

/** isConnectionRefused tells a refused connection apart from an answer of the server. */
export function isConnectionRefused(response: { code: number; body?: unknown }): boolean {
  return response.code === 0 && (response.body as Status | undefined)?.reason === CONNECTION_REFUSED_REASON;
}

/**
 * OpenStream is one watch open on the process: the stream the server writes to (events pass
 * straight to the client's own onWatchEvent, the end also leaves the list of open streams), and
 * the handle the transport closes it with. One object per watch, for as long as it is open (every
 * kubelet keeps two), rather than a stream, a handle, a list entry and their closures.
 */
class OpenStream implements WatchStream, StreamHandle {
  readonly onWatchEvent: (event: ApiWatchEvent) => void;
  /** The server's handle of the stream (set once the server took the request). */
  server: StreamHandle = NOT_OPEN;

  constructor(
    private readonly streams: Set<OpenStream>,
    readonly client: WatchStream,
  ) {
    this.onWatchEvent = client.onWatchEvent;
  }

  /** onClose: the server ended the stream. */
  onClose(): void {
    this.streams.delete(this);
    this.client.onClose();
  }

  /** close: the client hung up. */
  close(): void {
    this.streams.delete(this);
    this.server.close();
  }
}

/** NOT_OPEN stands in for the server's handle until the server has one. */
const NOT_OPEN: StreamHandle = { close() {} };

export class ApiServerProcess implements ApiServerEndpoint {
  /** The server, created at the first start (undefined before). */
  server: KubeApiServer | undefined;
  /** The flags of the process now running or starting. */
  options: ApiServerOptions | undefined;
  private serving = false;
  private readonly streams = new Set<OpenStream>();

  constructor(
    private readonly ctx: SimContext,
    private readonly etcd: EtcdClient,
    private readonly files: ApiServerHost,
    /** `host:port` clients dial (10.0.0.10:6443). */
    readonly address: string,
  ) {}

  /** isServing is true while requests reach the server. */
  get isServing(): boolean {
    return this.serving;
  }

  /**
   * launch is the node's ComponentLauncher for kube-apiserver: it reads the flags from the file
   * text, parses and checks them, and throws the binary's error message when they are bad.
   */
  launch = (launch: ComponentLaunch): RunningComponent => {
    let options: ApiServerOptions;
    try {
      const argv = launch.setup === 'kubeadm' ? flagsFromStaticPodManifest(launch.sourceText) : flagsFromSystemdUnit(launch.sourceText);
      options = parseApiServerFlags(argv);
      // Build the configuration once up front so a bad --token-auth-file stops the start, as it does the binary.
      buildConfig(options, this.files, new Map(), { namespace: () => undefined, serviceAccount: () => undefined, suffix: () => 'xxxxx' });
    } catch (error) {
      if (error instanceof FlagError || error instanceof StartupError) throw new Error(`Error: ${error.message}`);
      throw error;
    }
    this.options = options;
    return {
      serve: () => {
        if (!this.server) {
          this.server = new KubeApiServer(this.ctx, this.etcd, options, this.files);
          this.server.bootstrap();
        } else {
          this.server.restart(options);
        }
        this.serving = true;
        this.ctx.trace.record({ kind: 'action', from: APISERVER, to: APISERVER, action: 'serving', summary: `kube-apiserver serving on ${this.address}` });
      },
      stop: () => this.stop(),
    };
  };

  /** handle serves a request that reached the node's port, or refuses it while nothing listens. */
  handle(request: HttpRequest, from: string, responder: Responder, stream?: WatchStream, sharedResults = false): StreamHandle {
    if (!this.serving || !this.server) {
      this.ctx.trace.record({ kind: 'action', from, to: APISERVER, action: 'connection refused', summary: `${request.method} ${request.path}: nothing listens on ${this.address}` });
      answer(responder, this.refusal());
      return { close() {} };
    }
    if (!stream) return this.server.handle(request, from, responder, undefined, sharedResults);
    // Listed before the server takes it, so a stream the server ended at once also leaves the list.
    const open = new OpenStream(this.streams, stream);
    this.streams.add(open);
    open.server = this.server.handle(request, from, responder, open, sharedResults);
    return open;
  }

  private stop(): void {
    if (!this.serving) return;
    this.serving = false;
    this.ctx.trace.record({ kind: 'action', from: APISERVER, to: APISERVER, action: 'stopped', summary: 'kube-apiserver stopped: open watches end, new connections are refused' });
    // The process is gone: every open watch connection drops, and clients notice at once.
    for (const open of [...this.streams]) {
      this.streams.delete(open);
      open.server.close();
      open.client.onClose();
    }
  }

  private refusal(): HttpResponse {
    const status: Status = {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: connectionRefusedMessage(this.address),
      reason: CONNECTION_REFUSED_REASON,
      code: 0,
    };
    return { code: 0, headers: {}, body: status };
  }
}
