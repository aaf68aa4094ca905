import { describe, expect, it } from 'vitest';
import { findResource, RESOURCES } from '../../api/resources';
import { parseRequestInfo } from '../filters/request-info';
import { lookupResource } from './handler';

const infoOf = (path: string) => parseRequestInfo('GET', path);

describe('lookupResource', () => {
  it('finds every served resource by its group, version and plural, as findResource does', () => {
    for (const resource of RESOURCES) {
      const prefix = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
      expect(lookupResource(infoOf(`${prefix}/${resource.resource}`))).toBe(resource);
      expect(lookupResource(infoOf(`${prefix}/${resource.resource}`))).toBe(findResource(resource.resource, resource.group));
    }
  });

  it('finds nothing for another group, another version or an unknown plural', () => {
    expect(lookupResource(infoOf('/apis/apps/v1/namespaces/default/pods'))).toBeUndefined();
    expect(lookupResource(infoOf('/api/v2/namespaces/default/pods'))).toBeUndefined();
    expect(lookupResource(infoOf('/api/v1/namespaces/default/replicasets'))).toBeUndefined();
    expect(lookupResource(infoOf('/api/v1/namespaces/default/widgets'))).toBeUndefined();
    expect(lookupResource(infoOf('/apis/constructor/v1/toString'))).toBeUndefined();
  });
});
