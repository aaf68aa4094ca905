/**
 * InFlightRequest is the ApiRequest the server makes of each request it handles, holding everything
 * its reply needs: the response is sent later (after the request's etcd time) by a callback that
 * captures this one object instead of a handful of locals, and recording the trace `request` entry
 * is a method rather than a closure per request — in an interpreter each captured variable and
 * each closure is an allocation, on every one of a cluster's requests.
 */
import type { HttpRequest, HttpResponse } from '../api/client';
import type { Trace } from '../sim/trace';
import { APISERVER } from '../sim/trace';
import type { ApiRequest, RequestInfo, UserInfo, WatchSink } from './request';

/** InFlightRequest is one request from its arrival until its response is sent (see the file comment). */
export class InFlightRequest implements ApiRequest {
  info?: RequestInfo;
  user?: UserInfo;
  openedWatch?: { close(): void };
  /** The handler chain's answer, kept until it is sent. */
  response?: HttpResponse;
  private noted = false;

  constructor(
    readonly http: HttpRequest,
    readonly from: string,
    readonly sharedResults: boolean,
    readonly sink: (WatchSink & { open(): void }) | undefined,
    /** The request's number in the trace (pairs its request and response entries). */
    readonly id: number,
    /** Where the response goes. */
    readonly respond: (response: HttpResponse) => void,
    private readonly trace: Trace,
  ) {}

  /** noteRequest records the trace `request` entry once (the audit filter calls it, or the server before replying). */
  noteRequest(): void {
    if (this.noted || !this.trace.enabled) return;
    this.noted = true;
    const verb = this.info?.verb ?? this.http.method.toLowerCase();
    this.trace.record({ kind: 'request', from: this.from, to: APISERVER, id: this.id, method: this.http.method, path: this.http.path, verb, user: this.user?.name ?? '' });
  }
}
