import type { Provider } from '@nestjs/common';
import { AUDIT_LOG } from '@tessera/module-sdk';
import { AuditLogService } from './audit-log.service';
import { AuditQueryService } from './audit-query.service';
import { AuditVerifierService } from './audit-verifier.service';

/** The audit services, provided by the platform core; modules inject AUDIT_LOG. */
export const AUDIT_PROVIDERS: Provider[] = [
  AuditLogService,
  { provide: AUDIT_LOG, useExisting: AuditLogService },
  AuditQueryService,
  AuditVerifierService,
];
