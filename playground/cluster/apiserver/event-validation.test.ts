/**
 * Event validation through the API: a valid Event's own validation answers the shared, frozen
 * empty list (registry/simple-strategies.ts, 97fb89a). Invalid Events, before and after valid
 * ones, and Events whose metadata is also invalid, must still get their own 422 causes, in order,
 * the same each time.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Status } from '../api/types';
import { call, newTestApiServer } from './test-support';

const events = { resource: 'events', namespace: 'default' };
const involvedObject = { kind: 'Pod', name: 'web', namespace: 'default' };

describe('Event validation (422)', () => {
  it('gives each invalid Event its own causes, however many valid ones came between', () => {
    const t = newTestApiServer();
    const client = t.client();
    const create = (body: KubeObject) => call(t.loop, (cb) => client.create(events, body, cb));
    const event = (name: string, extra: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name }, reason: 'Pulled', message: 'ok', type: 'Normal', ...extra });
    const causes = (result: { ok: boolean; code: number; status?: Status }) => {
      expect(result).toMatchObject({ ok: false, code: 422 });
      return result.status!.details!.causes!.map((cause) => `${cause.reason} ${cause.field}`);
    };
    for (let round = 0; round < 2; round++) {
      expect(causes(create(event(`lost-${round}`)))).toEqual(['FieldValueRequired involvedObject']);
      expect(create(event(`web.${round}`, { involvedObject })).code).toBe(201);
      expect(create(event(`web.${round}b`, { involvedObject })).code).toBe(201);
      expect(causes(create(event('Bad_Name')))).toEqual(['FieldValueInvalid metadata.name', 'FieldValueRequired involvedObject']);
      expect(causes(create(event('Bad_Name', { involvedObject })))).toEqual(['FieldValueInvalid metadata.name']);
    }
    const lost = create(event('lost-2'));
    expect(lost.ok ? undefined : lost.status.message).toBe('Event "lost-2" is invalid: involvedObject: Required value');
  });
});
