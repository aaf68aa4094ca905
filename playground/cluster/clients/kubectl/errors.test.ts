import { describe, expect, it } from 'vitest';
import type { Status } from '../../api/types';
import { statusErrorText, unknownResourceText } from './errors';

const status = (code: number, reason: string, message: string, details?: Status['details']): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  details,
  code,
});

describe('statusErrorText', () => {
  it('renders API errors as kubectl prints them', () => {
    expect(statusErrorText(status(404, 'NotFound', 'pods "nope" not found'))).toBe('Error from server (NotFound): pods "nope" not found');
    expect(statusErrorText(status(409, 'AlreadyExists', 'pods "nginx" already exists'), { action: 'creating', source: 'STDIN' })).toBe(
      'Error from server (AlreadyExists): error when creating "STDIN": pods "nginx" already exists',
    );
    expect(statusErrorText(status(403, 'Forbidden', 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"'))).toBe(
      'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(statusErrorText(status(401, 'Unauthorized', 'Unauthorized'))).toBe('error: You must be logged in to the server (Unauthorized)');
    expect(statusErrorText(status(500, '', 'boom'))).toBe('Error from server: boom');
    expect(unknownResourceText('pdos')).toBe('error: the server doesn\'t have a resource type "pdos"');
  });

  it('rebuilds 422 messages from details, one line per cause when there are several', () => {
    const one = status(422, 'Invalid', 'Pod "broken" is invalid: spec.containers: Required value', {
      name: 'broken',
      kind: 'Pod',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }],
    });
    expect(statusErrorText(one, { action: 'creating', source: 'STDIN' })).toBe('The Pod "broken" is invalid: spec.containers: Required value');
    const two = status(422, 'Invalid', 'Pod "broken" is invalid: [a, b]', {
      name: 'broken',
      kind: 'Pod',
      causes: [
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of…', field: 'spec.containers[0].name' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
      ],
    });
    expect(statusErrorText(two)).toBe(
      'The Pod "broken" is invalid: \n* spec.containers[0].image: Required value\n* spec.containers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of…',
    );
  });
});
