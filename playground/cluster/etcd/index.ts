/**
 * The etcd package's public surface: the server, its options and dump format, and the v3 API
 * contract from types.ts. Other packages import from here rather than from the implementation files.
 */
export { EtcdServer } from './server';
export type { EtcdClientOptions, EtcdServerOptions } from './server';
export type { EtcdDump } from './dump';
export { ErrCompacted, ErrFutureRevision } from './store';
export { ErrDuplicateKey, ErrEmptyKey, ErrTooManyOps } from './txn';
export { ErrLeaseExists, ErrLeaseNotFound, ErrLeaseTtlTooLarge } from './lease';
export * from './types';
