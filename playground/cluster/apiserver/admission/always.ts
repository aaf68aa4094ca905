/**
 * The trivial plugins: AlwaysAdmit (does nothing), AlwaysDeny (refuses every write, with the real
 * message) and AlwaysPullImages (forces imagePullPolicy Always on every container).
 */
import { forbidden, StatusError } from '../../api/status';
import type { Pod } from '../../api/types';
import type { AdmissionPlugin } from './types';

export const AlwaysAdmit: AdmissionPlugin = { name: 'AlwaysAdmit' };

export const AlwaysDeny: AdmissionPlugin = {
  name: 'AlwaysDeny',
  validate(a) {
    throw new StatusError(forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name, 'admission control is denying all modifications'));
  },
};

export const AlwaysPullImages: AdmissionPlugin = {
  name: 'AlwaysPullImages',
  resources: ['pods'],
  operations: ['CREATE', 'UPDATE'],
  mainResourceOnly: true,
  admit(a) {
    if (a.resource.resource !== 'pods' || a.subresource || !a.object || a.operation === 'DELETE') return;
    const pod = a.object as Pod;
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) c.imagePullPolicy = 'Always';
  },
};
