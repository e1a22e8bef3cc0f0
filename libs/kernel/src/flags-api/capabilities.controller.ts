import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CapabilitiesService, type Capabilities } from '@tessera/flags';
import { Authenticated, ForbiddenError, RequestContext } from '@tessera/module-sdk';
import { WithoutTransaction } from '../http/without-transaction.decorator';

/** What the caller's tenant has: enabled modules and evaluated flags (for UIs to show or hide features). */
@WithoutTransaction()
@ApiTags('capabilities')
@ApiBearerAuth()
@Controller('capabilities')
export class CapabilitiesController {
  constructor(private readonly capabilities: CapabilitiesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The caller's tenant: its enabled modules and every flag of them, evaluated for the caller." })
  get(): Promise<Capabilities> {
    if (!RequestContext.current()?.tenantId) {
      throw new ForbiddenError('TENANT_REQUIRED', 'Capabilities belong to a tenant; authenticate as a member of a tenant.');
    }
    return this.capabilities.ofCaller();
  }
}
