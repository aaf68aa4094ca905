/**
 * The HTTPS front end of the local endpoint: each real HTTP request becomes the mini apiserver's
 * HttpRequest and is handed to the very KubeApiServer the tutorial runs (through its
 * ApiServerEndpoint.handle), as an event on the simulation loop. Around that call it does only
 * what a real server does in its HTTP layer and the simulated one leaves to its transport:
 * content negotiation (Table, aggregated discovery), OpenAPI documents, server-side apply,
 * chunked watch streams with `timeoutSeconds`, and refusing untrusted client certificates.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse, StreamHandle } from '../playground/cluster/api/client';
import type { ApiServerEndpoint } from '../playground/cluster/api/transport';
import type { ApiWatchEvent, KubeObject } from '../playground/cluster/api/types';
import { parseRequestInfo } from '../playground/cluster/apiserver/filters/request-info';
import type { RequestInfo } from '../playground/cluster/apiserver/request';
import { isServerSideApply, serverSideApply } from './apply';
import { impersonate, wantsImpersonation } from './impersonation';
import { aggregatedDiscovery, aggregatedDiscoveryMediaType } from './discovery';
import { negotiate, type Negotiated } from './negotiation';
import { openApiForPath } from './openapi';
import { parseIncludeObject, TABLE_MEDIA_TYPE, tableOf, toTable } from './table';
import { participantOf, peerIdentity, readBody, statusOf, toHttpRequest, WireError, writeResponse, writeStatus } from './wire';

/** LoopAccess is how the front end reaches the simulation (RealTimeDriver implements it). */
export interface LoopAccess {
  /** submit runs `task` as an event on the loop at the current wall-clock time. */
  submit(label: string, task: () => void): void;
  /** virtualNow is the virtual time now (for AGE cells). */
  virtualNow(): number;
}

/** FrontEnd is the request listener plus a way to end every open watch (on shutdown). */
export interface FrontEnd {
  listener(req: IncomingMessage, res: ServerResponse): void;
  closeWatches(): void;
}

const NOT_ACCEPTABLE = statusOf(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io');

function requestInfoOf(request: HttpRequest): RequestInfo | undefined {
  try {
    return parseRequestInfo(request.method, request.path);
  } catch {
    return undefined; // the apiserver's RequestInfo filter answers 400 with its own message
  }
}

export function createFrontEnd(endpoint: ApiServerEndpoint, loop: LoopAccess): FrontEnd {
  const openWatches = new Set<() => void>();

  const send = (request: HttpRequest, from: string): Promise<HttpResponse> =>
    new Promise((resolve) => loop.submit(`${from} → kube-apiserver: ${request.method} ${request.path}`, () => void endpoint.handle(request, from, resolve)));

  function render(res: ServerResponse, request: HttpRequest, info: RequestInfo | undefined, negotiated: Negotiated, response: HttpResponse): void {
    const path = info?.path ?? request.path.split('?')[0];
    if (negotiated.as === 'discovery' && response.code === 200 && (path === '/api' || path === '/apis')) {
      return writeResponse(res, { ...response, body: aggregatedDiscovery(path === '/api' ? 'api' : 'apis', negotiated.version) }, aggregatedDiscoveryMediaType(negotiated.version));
    }
    if (path.startsWith('/openapi/v3') && response.code === 404) {
      // The chain authenticated and authorized the request; the documents themselves live here.
      const document = openApiForPath(path);
      if (document) return writeResponse(res, { code: 200, headers: {}, body: document }, 'application/json');
    }
    if (negotiated.as === 'table' && response.code === 200 && info?.isResourceRequest) {
      const table = tableOf(info.resource, response.body, loop.virtualNow(), parseIncludeObject(info.query.includeObject));
      if (table) return writeResponse(res, { ...response, body: table }, TABLE_MEDIA_TYPE);
    }
    writeResponse(res, response);
  }

  function streamWatch(req: IncomingMessage, res: ServerResponse, request: HttpRequest, info: RequestInfo, asTable: boolean, from: string): void {
    let handle: StreamHandle | undefined;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      openWatches.delete(finish);
      if (timer) clearTimeout(timer);
      handle?.close();
      if (!res.writableEnded) res.end();
    };
    openWatches.add(finish);
    res.on('close', finish);
    const include = parseIncludeObject(info.query.includeObject);
    const encode = (event: ApiWatchEvent): string => {
      if (!asTable || event.type === 'ERROR' || event.type === 'BOOKMARK') return `${JSON.stringify(event)}\n`;
      const object = event.object as KubeObject;
      return `${JSON.stringify({ type: event.type, object: toTable(info.resource, [object], loop.virtualNow(), { resourceVersion: object.metadata?.resourceVersion }, include) })}\n`;
    };
    loop.submit(`${from} → kube-apiserver: WATCH ${request.path}`, () => {
      if (finished) return;
      handle = endpoint.handle(
        request,
        from,
        (response) => {
          if (finished) return;
          if (response.code !== 200) {
            writeResponse(res, response);
            return finish();
          }
          res.writeHead(200, { 'content-type': asTable ? TABLE_MEDIA_TYPE : 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
          res.flushHeaders();
        },
        { onWatchEvent: (event) => !finished && res.write(encode(event)), onClose: finish },
      );
    });
    const timeoutSeconds = Number(info.query.timeoutSeconds);
    if (timeoutSeconds > 0) timer = setTimeout(finish, timeoutSeconds * 1000);
    req.on('aborted', finish);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const identity = peerIdentity(req.socket);
    // A certificate the cluster CA did not sign is a failed credential: 401, like a bad token.
    if (identity.kind === 'untrusted') return writeStatus(res, 401, statusOf(401, 'Unauthorized', 'Unauthorized'));
    const raw = await readBody(req);
    let request = toHttpRequest(req, raw, identity.kind === 'trusted' ? identity.certificate : undefined);
    const from = participantOf(request.headers['user-agent']);
    if (wantsImpersonation(request)) {
      const outcome = await impersonate(request, (r) => send(r, from));
      if ('refused' in outcome) return writeResponse(res, outcome.refused);
      request = outcome.request;
    }
    const info = requestInfoOf(request);
    const path = info?.path ?? request.path;
    const readsResource = !!info?.isResourceRequest && (info.verb === 'get' || info.verb === 'list' || info.verb === 'watch');
    const negotiated = negotiate(request.headers.accept, { discovery: path === '/api' || path === '/apis', resource: readsResource });
    if (negotiated.as === 'none') return writeStatus(res, 406, NOT_ACCEPTABLE);
    if (info?.verb === 'watch') return streamWatch(req, res, request, info, negotiated.as === 'table', from);
    const response = isServerSideApply(request) ? await serverSideApply(request, (r) => send(r, from)) : await send(request, from);
    render(res, request, info, negotiated, response);
  }

  return {
    listener(req, res) {
      serve(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof WireError) return writeStatus(res, error.code, error.status);
        console.error('[cluster] request failed:', error);
        writeStatus(res, 500, statusOf(500, 'InternalError', `Internal error occurred: ${(error as Error).message ?? String(error)}`));
      });
    },
    closeWatches() {
      for (const finish of [...openWatches]) finish();
    },
  };
}
