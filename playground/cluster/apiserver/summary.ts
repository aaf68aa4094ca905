/**
 * summarizeResponse writes the one-line summary a trace response carries: `pods "nginx" created`,
 * `PodList (3 items)`, `watching pods`, or the Status message of an error.
 */
import type { HttpResponse } from '../api/client';
import { isStatus } from '../api/status';
import type { KubeObject, List } from '../api/types';
import type { ApiRequest } from './request';

const PAST_TENSE: Record<string, string> = { create: 'created', update: 'updated', patch: 'patched', delete: 'deleted', deletecollection: 'deleted' };

export function summarizeResponse(request: ApiRequest, response: HttpResponse): string {
  const body = response.body;
  const info = request.info;
  if (isStatus(body) && body.status === 'Failure') return body.message ?? body.reason ?? `${response.code}`;
  if (!info?.isResourceRequest) return `${response.code} ${info?.path ?? request.http.path}`;
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  if (info.verb === 'watch') return `watching ${info.resource}`;
  if (info.verb === 'list') {
    const list = body as List;
    return `${list.kind} (${list.items?.length ?? 0} items)`;
  }
  const name = (body as KubeObject | undefined)?.metadata?.name || info.name;
  if (info.subresource === 'binding') {
    const target = (request.http.body as { target?: { name?: string } } | undefined)?.target?.name;
    return `pods "${info.name}" bound to ${target}`;
  }
  if (info.verb === 'get') return `${resource} "${name}"`;
  const deletionPending = info.verb === 'delete' && !!(body as KubeObject | undefined)?.metadata?.deletionTimestamp;
  if (deletionPending) return `${resource} "${name}" marked for deletion`;
  return `${resource} "${name}" ${PAST_TENSE[info.verb] ?? info.verb}`;
}
