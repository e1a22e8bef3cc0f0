export { AUDIT_MIGRATIONS } from './audit.migrations';
export { AUDIT_PROVIDERS } from './audit.providers';
export { AuditController, PlatformAuditController } from './audit.controller';
export { AuditLogService } from './audit-log.service';
export { AuditVerifierService } from './audit-verifier.service';
export type { AuditVerification } from './audit-verifier.service';
export { AuditQueryService } from './audit-query.service';
export { GENESIS_HASH, entryHash } from './audit-hash';
