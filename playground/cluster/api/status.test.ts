import { describe, expect, it } from 'vitest';
import {
  alreadyExists, badRequest, conflict, expired, forbidden, internalError, invalid, methodNotRouted, notFound, OBJECT_MODIFIED, unauthorized, unsupportedMediaType,
} from './status';

const head = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };

describe('Status bodies', () => {
  it('match the real server byte for byte', () => {
    const pods = { group: '', resource: 'pods' };
    const rs = { group: 'apps', resource: 'replicasets' };
    expect(JSON.stringify(badRequest('bad'))).toBe(JSON.stringify({ ...head, message: 'bad', reason: 'BadRequest', code: 400 }));
    expect(unauthorized()).toEqual({ ...head, message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    expect(forbidden(pods, '', 'User "alice" cannot list resource "pods" in API group "" in the namespace "default"')).toEqual({
      ...head, message: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"', reason: 'Forbidden', details: { kind: 'pods' }, code: 403,
    });
    expect(forbidden({ group: '', resource: '' }, '', 'User "x" cannot get path "/metrics"').message).toBe('forbidden: User "x" cannot get path "/metrics"');
    expect(notFound(rs, 'web')).toEqual({ ...head, message: 'replicasets.apps "web" not found', reason: 'NotFound', details: { name: 'web', group: 'apps', kind: 'replicasets' }, code: 404 });
    // go-restful's 405 as serviceErrorHandler writes it: NewGenericServerResponse with no resource, so empty details.
    expect(JSON.stringify(methodNotRouted())).toBe(JSON.stringify({ ...head, message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 }));
    expect(alreadyExists(pods, 'nginx').message).toBe('pods "nginx" already exists');
    expect(conflict(pods, 'x', OBJECT_MODIFIED)).toEqual({
      ...head, message: 'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again', reason: 'Conflict', details: { name: 'x', kind: 'pods' }, code: 409,
    });
    expect(expired('too old resource version: 5 (120)')).toEqual({ ...head, message: 'too old resource version: 5 (120)', reason: 'Expired', code: 410 });
    expect(unsupportedMediaType()).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
    expect(internalError('boom')).toEqual({ ...head, message: 'Internal error occurred: boom', reason: 'InternalError', details: { causes: [{ message: 'boom' }] }, code: 500 });
  });

  it('renders 422 like NewInvalid, with the kind qualified by its group', () => {
    expect(invalid({ group: 'apps', kind: 'ReplicaSet' }, 'web', [{ field: 'spec.replicas', type: 'Invalid', value: -1, detail: 'must be greater than or equal to 0' }])).toEqual({
      ...head,
      message: 'ReplicaSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: { name: 'web', group: 'apps', kind: 'ReplicaSet', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }] },
      code: 422,
    });
    expect(invalid({ group: '', kind: 'Pod' }, 'p', [{ field: 'spec.restartPolicy', type: 'NotSupported', value: 'Sometimes', detail: 'supported values: "Always", "OnFailure", "Never"' }]).message).toBe(
      'Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });
});
