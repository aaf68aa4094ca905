import { describe, expect, it } from 'vitest';
import { findResource } from '../../api/resources';
import { StatusError } from '../../api/status';
import type { KubeObject } from '../../api/types';
import { podStrategy } from '../registry/pod/strategy';
import { decodeBody } from './body';

const pods = findResource('pods')!;
const events = findResource('events')!;

describe('decodeBody', () => {
  it('takes an owned body that starts with its apiVersion and kind as the decoded object, defaulted', () => {
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    const decoded = decodeBody(body, pods, podStrategy, 'Pod', true);
    expect(decoded).toBe(body);
    expect((decoded.spec as { restartPolicy?: string }).restartPolicy).toBe('Always');
  });

  it('puts apiVersion and kind first, in a new object, when the body has them elsewhere or not at all', () => {
    const late = { metadata: { name: 'e' }, kind: 'Event', apiVersion: 'v1', reason: 'Pulled' };
    const swapped = { kind: 'Event', apiVersion: 'v1', metadata: { name: 'e' } };
    const bare = { metadata: { name: 'e' }, reason: 'Pulled' };
    for (const body of [late, swapped, bare]) {
      const before = JSON.stringify(body);
      const decoded = decodeBody(body, events, undefined, 'Event', true);
      expect(decoded).not.toBe(body);
      expect(Object.keys(decoded).slice(0, 2)).toEqual(['apiVersion', 'kind']);
      expect(decoded).toEqual({ ...body, apiVersion: 'v1', kind: 'Event' });
      expect(JSON.stringify(body)).toBe(before);
    }
    // Only the first two keys decide: an object of one key is copied too.
    expect(Object.keys(decodeBody({ apiVersion: 'v1' }, events, undefined, 'Event', true))).toEqual(['apiVersion', 'kind']);
  });

  it('copies a body it does not own before defaulting, even one already in order', () => {
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    const decoded = decodeBody(body, pods, podStrategy);
    expect(decoded).not.toBe(body);
    expect(decoded.spec).not.toBe(body.spec);
    expect(body.spec).toEqual({ containers: [{ name: 'app', image: 'nginx' }] });
  });

  it('refuses a body of another kind or version with the server\'s words', () => {
    const message = (body: unknown) => {
      try {
        decodeBody(body, pods, podStrategy, 'Pod', true);
      } catch (error) {
        return (error as StatusError).status.message;
      }
      return 'accepted';
    };
    expect(message({ apiVersion: 'v1', kind: 'Event' } as KubeObject)).toBe('Event in version "v1" cannot be handled as a Pod: the kind in the body does not match the URL');
    expect(message({ apiVersion: 'apps/v1', kind: 'Pod' })).toBe('the API version in the data (apps/v1) does not match the expected API version (v1)');
  });
});
