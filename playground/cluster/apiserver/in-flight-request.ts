/**
 * InFlightRequest is the ApiRequest the server makes of each request it handles, holding everything
 * its reply needs: the response is sent later (after the request's etcd time) by a callback that
 * captures this one object instead of a handful of locals, and recording the trace `request` entry
 * is a method rather than a closure per request — in an interpreter each captured variable and
 * each closure is an allocation, on every one of a cluster's requests.
 */
import type { HttpRequest, HttpResponse } from '../api/client';
import type { Responder } from '../api/transport';
import type { Trace } from '../sim/trace';
import { APISERVER } from '../sim/trace';
import type { ApiRequest, RequestInfo, UserInfo, WatchSink } from './request';

/**
 * InFlightRequest is one request from its arrival until its response is sent (see the file comment).
 * Its fields are declared, not initialized in the class body, and set in the constructor: the
 * page's bundle (es2020, define semantics) turns every class field into a helper call defining
 * the property, two calls per field and a dozen fields on every request.
 */
export class InFlightRequest implements ApiRequest {
  declare readonly http: HttpRequest;
  declare readonly from: string;
  declare readonly sharedResults: boolean;
  declare readonly sink: (WatchSink & { open(): void }) | undefined;
  /** The request's number in the trace (pairs its request and response entries). */
  declare readonly id: number;
  /** Where the response goes. */
  declare readonly responder: Responder;
  private declare readonly trace: Trace;
  declare info?: RequestInfo;
  declare user?: UserInfo;
  declare openedWatch?: { close(): void };
  declare ownedBody?: object;
  /** The handler chain's answer, kept until it is sent. */
  declare response?: HttpResponse;
  private declare noted: boolean;

  constructor(http: HttpRequest, from: string, sharedResults: boolean, sink: (WatchSink & { open(): void }) | undefined, id: number, responder: Responder, trace: Trace) {
    this.http = http;
    this.from = from;
    this.sharedResults = sharedResults;
    this.sink = sink;
    this.id = id;
    this.responder = responder;
    this.trace = trace;
    // Every property the request ever gets, set here in one order: one object shape for all requests.
    this.info = undefined;
    this.user = undefined;
    this.openedWatch = undefined;
    this.ownedBody = undefined;
    this.response = undefined;
    this.noted = false;
  }

  /** noteRequest records the trace `request` entry once (the audit filter calls it, or the server before replying). */
  noteRequest(): void {
    if (this.noted || !this.trace.enabled) return;
    this.noted = true;
    const verb = this.info?.verb ?? this.http.method.toLowerCase();
    this.trace.record({ kind: 'request', from: this.from, to: APISERVER, id: this.id, method: this.http.method, path: this.http.path, verb, user: this.user?.name ?? '' });
  }
}
