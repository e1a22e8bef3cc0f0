import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext, RequirePermissions, type JobStatus } from '@tessera/module-sdk';
import { TenantJobParams } from '../operations/platform-queues.dto';
import { JobStatusReader } from './job-status-reader';

/** A tenant follows its own background jobs (an import, an export) by the id it got when starting them. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class TenantJobsController {
  constructor(private readonly reader: JobStatusReader) {}

  @Get(':id')
  @RequirePermissions('jobs.read')
  @ApiOperation({ summary: "Status, progress (percent and message) and result of one of the tenant's jobs. Another tenant's job is a 404." })
  get(@Param() params: TenantJobParams): Promise<JobStatus> {
    return this.reader.forTenant(params.id, RequestContext.requireTenantId());
  }
}
