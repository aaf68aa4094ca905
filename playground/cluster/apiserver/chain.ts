/**
 * buildHandlerChain wraps the REST handler in the filters, innermost first, exactly as
 * DefaultBuildHandlerChain does — so reading it bottom-up is the path of a request:
 * panic recovery → request info → authentication → audit → authorization → REST handler.
 */
import { withAudit } from './filters/audit';
import { withAuthentication } from './filters/authentication';
import { withAuthorization } from './filters/authorization';
import { withPanicRecovery } from './filters/panic-recovery';
import { withRequestInfo } from './filters/request-info';
import type { RunningConfig } from './config';
import { nonResourceHandler } from './discovery';
import type { Handler } from './request';

/** buildHandlerChain: `trace` is the cluster's trace, where the audit filter records requests. */
export function buildHandlerChain(restHandler: Handler, config: RunningConfig, trace: { readonly enabled: boolean }): Handler {
  let handler: Handler = (request) => (request.info!.isResourceRequest ? restHandler(request) : nonResourceHandler(request));
  handler = withAuthorization(handler, config);
  handler = withAudit(handler, trace);
  handler = withAuthentication(handler, config.authn);
  handler = withRequestInfo(handler);
  handler = withPanicRecovery(handler);
  return handler;
}
