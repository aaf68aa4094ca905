/**
 * Status constructors with the exact messages, reasons and details of apimachinery's
 * `api/errors/errors.go`, so a reader comparing with a real cluster sees the same text.
 * `resource` is the qualified resource as Kubernetes prints it: `pods`, `replicasets.apps`.
 */
import type { Status, StatusCause } from './types';

/** GroupResource names what an error is about: plural resource plus API group ("" for core). */
export interface GroupResource {
  group: string;
  resource: string;
}

/** qualifiedResource prints a GroupResource as Kubernetes does: `pods`, `replicasets.apps`. */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): Status {
  // Field order matches the real server's JSON: …, reason, details, code.
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** StatusError carries a Status through code that throws; the REST layer turns it into the response. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }
}

/** isStatus tells a Status body apart from an object. */
export function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** successStatus is the body of a binding (201) or of a delete that does not return the object. */
export function successStatus(code: number, details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code };
}

/** notFound: 404 `pods "nope" not found`. */
export function notFound(gr: GroupResource, name: string): Status {
  return failure(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, compact({ name, group: gr.group || undefined, kind: gr.resource }));
}

/** alreadyExists: 409 `pods "nginx" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): Status {
  return failure(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, compact({ name, group: gr.group || undefined, kind: gr.resource }));
}

/** conflict: 409 `Operation cannot be fulfilled on pods "x": <why>`. */
export function conflict(gr: GroupResource, name: string, why: string): Status {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, compact({ name, group: gr.group || undefined, kind: gr.resource }));
}

/** OBJECT_MODIFIED is the reason text of an optimistic-concurrency conflict (registry.OptimisticLockErrorMsg). */
export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** forbidden: 403 `pods "x" is forbidden: <why>` (no name: `pods is forbidden: <why>`). */
export function forbidden(gr: GroupResource, name: string, why: string, causes?: StatusCause[]): Status {
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  const details: NonNullable<Status['details']> = { group: gr.group || undefined, kind: gr.resource || undefined };
  if (!gr.resource) return failure(403, 'Forbidden', `forbidden: ${why}`, compact(details));
  if (name) details.name = name;
  if (causes) details.causes = causes;
  return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, compact(details));
}

/** unauthorized: 401 with the bare message `Unauthorized`, as the authentication filter writes it. */
export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** badRequest: 400 with the given message. */
export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

/**
 * methodNotRouted: 405 for a method no route of the path takes, go-restful's `405: Method Not Allowed`
 * as kube-apiserver's serviceErrorHandler writes it (NewGenericServerResponse with no resource: empty details).
 */
export function methodNotRouted(): Status {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/** resourceNotFound: 404 for a path that names no resource the server knows. */
export function resourceNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** expired: 410 Expired, used for watches and continue tokens that are too old. */
export function expired(message: string): Status {
  return failure(410, 'Expired', message);
}

/** unsupportedMediaType: 415 for a PATCH with a content type that is not a patch type. */
export function unsupportedMediaType(): Status {
  return failure(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
    {},
  );
}

/** FieldError is one validation failure, as field.Error: a path, a type and an optional value and detail. */
export interface FieldError {
  field: string;
  type: 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'NotFound' | 'Forbidden' | 'TooLong';
  value?: unknown;
  detail?: string;
}

const FIELD_ERROR_TEXT: Record<FieldError['type'], { text: string; cause: string; showsValue: boolean }> = {
  Required: { text: 'Required value', cause: 'FieldValueRequired', showsValue: false },
  Invalid: { text: 'Invalid value', cause: 'FieldValueInvalid', showsValue: true },
  Duplicate: { text: 'Duplicate value', cause: 'FieldValueDuplicate', showsValue: true },
  NotSupported: { text: 'Unsupported value', cause: 'FieldValueNotSupported', showsValue: true },
  NotFound: { text: 'Not found', cause: 'FieldValueNotFound', showsValue: true },
  Forbidden: { text: 'Forbidden', cause: 'FieldValueForbidden', showsValue: false },
  TooLong: { text: 'Too long', cause: 'FieldValueTooLong', showsValue: false },
};

/** fieldErrorBody renders field.Error.ErrorBody(): `Required value`, `Invalid value: "Bad_Name": detail`. */
export function fieldErrorBody(error: FieldError): string {
  const kind = FIELD_ERROR_TEXT[error.type];
  let body = kind.text;
  if (kind.showsValue) body += `: ${formatValue(error.value)}`;
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

/** formatValue prints a bad value the way Go's %#v-ish formatting in field errors does for our types. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return 'null';
  return JSON.stringify(value);
}

/** invalid: 422 `Pod "broken" is invalid: spec.containers: Required value` with one cause per error. */
export function invalid(kind: { group: string; kind: string }, name: string, errors: FieldError[]): Status {
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const rendered = errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const aggregate = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  const message = errors.length ? `${qualifiedKind} "${name}" is invalid: ${aggregate}` : `${qualifiedKind} "${name}" is invalid`;
  const causes: StatusCause[] = errors.map((e) => ({ reason: FIELD_ERROR_TEXT[e.type].cause, message: fieldErrorBody(e), field: e.field }));
  return failure(422, 'Invalid', message, compact({ name, group: kind.group || undefined, kind: kind.kind, causes }));
}

/** unprocessable: 422 Invalid without field causes (a JSON patch that cannot be applied). */
export function unprocessable(message: string): Status {
  return failure(422, 'Invalid', message);
}

/** internalError: 500 `Internal error occurred: <why>`; the API server's own bugs end here, never in a crash. */
export function internalError(why: string): Status {
  return failure(500, 'InternalError', `Internal error occurred: ${why}`, { causes: [{ message: why } as StatusCause] });
}

/** compact drops undefined fields so Status bodies compare and print cleanly. */
function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const [key, field] of Object.entries(value)) if (field !== undefined) (out as Record<string, unknown>)[key] = field;
  return out;
}
