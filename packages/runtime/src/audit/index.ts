export type { AuditCheckpoint, AuditEntry, AuditRecord, JsonValue, SignedAuditHead } from './audit-types';
export { GENESIS_HASH, hashEntry, type AuditKey } from './audit-hash';
export { AuditEntryRejectedError, AuditSequenceConflictError, type AuditStore } from './audit-store';
export { MemoryAuditStore } from './memory-audit-store';
export { FileAuditStore, type FileAuditStoreOptions } from './file-audit-store';
export { PostgresAuditStore, type PostgresAuditStoreOptions } from './postgres-audit-store';
export { AuditLog, UNSIGNED_TAIL_SIGNED, type AuditLogOptions } from './audit-log';
export { AuditLogTamperedError } from './audit-log-errors';
export {
  auditPublicKeyFromPem,
  auditSigningKeyFromPem,
  ephemeralAuditSigningKey,
  generateAuditSigningKeyPem,
  publicKeyPem,
  type AuditSigningKey,
} from './audit-signing-key';
export { auditHeadSignedBy, signAuditHead } from './signed-head';
export { readAuditFile, type AuditFileContents } from './audit-file-lines';
export {
  verifyAuditLog,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerification,
  type AuditVerifyKeys,
  type StoredAuditLog,
  type VerifyOptions,
} from './verify-audit-log';
export { AUDIT_HEAD_TOPIC } from './audit-head-topic';
export { registerAuditHeadRoute } from './audit-head-route';
export { coalescedHeadPublisher } from './audit-head-publisher';
