/**
 * playground/trace turns a run's trace and keyspace into what the page shows: the Mermaid
 * sequence diagram (folded to the steps that matter), the scheduler's per-node decisions and the
 * etcd key table. Pure functions over plain data: no DOM, no Mermaid import.
 */
export { traceToSequenceDiagram, foldNoteText, type SequenceDiagram } from './sequence-diagram';
export { foldTrace, classifyEntries, DEFAULT_MAX_FOLDED, DEFAULT_MAX_EXPANDED, type FoldOptions, type DiagramItem, type RoutineKind } from './fold';
export { messageText, escapeMermaidText, arrowOf } from './messages';
export { participantColumns, participantLabel, type ParticipantColumn } from './participants';
export {
  schedulingAttempts,
  schedulingAttemptOf,
  type SchedulingAttempt,
  type NodeDecision,
  type FilterVerdict,
  type PluginScore,
} from './scheduler-decisions';
export { etcdKeyRows, parseRegistryKey, changedKeys, type EtcdKeyRow, type EtcdKeyValue, type EtcdKeyOperation } from './etcd-keys';
