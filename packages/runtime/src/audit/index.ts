export type { AuditCheckpoint, AuditEntry, AuditRecord, JsonValue } from './audit-types';
export { GENESIS_HASH, hashEntry, signCheckpoint, type AuditKey } from './audit-hash';
export { AuditSequenceConflictError, type AuditStore } from './audit-store';
export { MemoryAuditStore } from './memory-audit-store';
export { FileAuditStore, type FileAuditStoreOptions } from './file-audit-store';
export { PostgresAuditStore, type PostgresAuditStoreOptions } from './postgres-audit-store';
export { AuditLog, type AuditLogOptions } from './audit-log';
export {
  verifyAuditLog,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerification,
  type VerifyOptions,
} from './verify-audit-log';
