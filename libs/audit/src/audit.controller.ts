import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext, RequirePermissions } from '@tessera/module-sdk';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AuditQueryService, type AuditPage } from './audit-query.service';
import { AuditVerifierService, type AuditVerification } from './audit-verifier.service';

class AuditListQuery extends createZodDto(
  z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.coerce.number().int().positive().optional().describe('nextCursor of the previous page'),
    action: z.string().max(100).optional(),
  }),
) {}

class PlatformVerifyQuery extends createZodDto(
  z.object({ tenantId: z.uuid().optional().describe('Verify this tenant\'s chain; omit for the platform chain.') }),
) {}

/** A tenant's own audit trail: read it, and prove it was not altered. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifier: AuditVerifierService,
  ) {}

  @Get('entries')
  @RequirePermissions('audit.read')
  @ApiOperation({ summary: "List the tenant's audit entries, newest first." })
  list(@Query() query: AuditListQuery): Promise<AuditPage> {
    return this.query.list(query);
  }

  @Get('verify')
  @RequirePermissions('audit.verify')
  @ApiOperation({ summary: "Recompute the tenant's hash chain; reports the first altered, missing or reordered entry." })
  verify(): Promise<AuditVerification> {
    return this.verifier.verify(RequestContext.requireTenantId());
  }
}

/** Platform admins verify the platform chain or any tenant's chain. */
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/audit')
export class PlatformAuditController {
  constructor(private readonly verifier: AuditVerifierService) {}

  @Get('verify')
  @RequirePermissions('platform.audit.verify')
  @ApiOperation({ summary: 'Verify the platform audit chain, or one tenant\'s chain.' })
  verify(@Query() query: PlatformVerifyQuery): Promise<AuditVerification> {
    return this.verifier.verify(query.tenantId ?? null);
  }
}
