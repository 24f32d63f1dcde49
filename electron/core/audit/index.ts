export { type AuditHandlerDeps, createAuditHandlers, toAuditEntryView } from './handlers';
export {
  type AuditEntry,
  AuditLog,
  type AuditProblem,
  type AuditProblemKind,
  type AuditRecord,
  type AuditVerification,
  computeEntryHash,
  parseAuditJsonLines,
  verifyAuditChain,
} from './log';
export { type AuditableEvent, type EventSource, recordEvents, toAuditRecord } from './record-events';
