import { describe, expect, it } from 'vitest';
import { AlwaysAllow, AlwaysDeny, unionAuthorize, type Authorizer, type AuthzAttributes } from './types';

const attributes: AuthzAttributes = {
  user: { name: 'alice', groups: ['system:authenticated'] },
  verb: 'create', isResourceRequest: true, path: '/api/v1/namespaces/default/pods', namespace: 'default',
  apiGroup: '', resource: 'pods', subresource: '', name: '',
};
const saying = (decision: 'allow' | 'deny' | 'no-opinion', reason: string): Authorizer => ({ name: reason, authorize: () => ({ decision, reason }) });

describe('unionAuthorize', () => {
  it('answers with the first allow or deny, with its reason when nobody before gave one', () => {
    expect(unionAuthorize([saying('no-opinion', ''), saying('allow', 'RBAC: allowed by x')], attributes)).toEqual({ decision: 'allow', reason: 'RBAC: allowed by x' });
    expect(unionAuthorize([saying('deny', 'no')], attributes)).toEqual({ decision: 'deny', reason: 'no' });
    expect(unionAuthorize([AlwaysAllow], attributes)).toEqual({ decision: 'allow', reason: '' });
  });

  it('joins the reasons of the authorizers asked before the deciding one', () => {
    expect(unionAuthorize([AlwaysDeny, saying('allow', 'RBAC: allowed by x')], attributes)).toEqual({ decision: 'allow', reason: 'Everything is forbidden.\nRBAC: allowed by x' });
    expect(unionAuthorize([AlwaysDeny, saying('deny', '')], attributes)).toEqual({ decision: 'deny', reason: 'Everything is forbidden.' });
  });

  it('has no opinion when nobody decides, keeping every reason', () => {
    expect(unionAuthorize([AlwaysDeny, saying('no-opinion', 'no relationship')], attributes)).toEqual({ decision: 'no-opinion', reason: 'Everything is forbidden.\nno relationship' });
    expect(unionAuthorize([], attributes)).toEqual({ decision: 'no-opinion', reason: '' });
  });
});
