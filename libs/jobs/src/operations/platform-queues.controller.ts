import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { DeadLetterListQuery, JobListQuery, QueueJobParams, QueueParams, ReplayDeadLettersBody, TopTenantsQuery } from './platform-queues.dto';
import { QueueOperations } from './queue-operations.service';

/** Queue operations for platform operators. Reading needs platform.queues.read; acting, platform.queues.operate. */
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/queues')
export class PlatformQueuesController {
  constructor(private readonly operations: QueueOperations) {}

  @Get()
  @RequirePermissions('platform.queues.read')
  @ApiOperation({ summary: 'List queues with job counts by state, dead letters, pause state and job types.' })
  async list() {
    return { data: await this.operations.list() };
  }

  @Get(':queue')
  @RequirePermissions('platform.queues.read')
  @ApiOperation({ summary: 'One queue with its counts.' })
  get(@Param() params: QueueParams) {
    return this.operations.get(params.queue);
  }

  @Get(':queue/jobs')
  @RequirePermissions('platform.queues.read')
  @ApiOperation({ summary: 'Jobs of a queue in one state, paginated (waiting: next to run first; completed and failed: newest first).' })
  jobs(@Param() params: QueueParams, @Query() query: JobListQuery) {
    return this.operations.jobs(params.queue, query.state, query.limit, query.cursor);
  }

  @Get(':queue/jobs/:id')
  @RequirePermissions('platform.queues.read')
  @ApiOperation({ summary: 'One job: status, envelope, input, log and stack traces.' })
  job(@Param() params: QueueJobParams) {
    return this.operations.job(params.queue, params.id);
  }

  @Post(':queue/jobs/:id/retry')
  @HttpCode(200)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Run a failed job again (a dead-lettered one is replayed). Audited.' })
  retry(@Param() params: QueueJobParams) {
    return this.operations.retry(params.queue, params.id);
  }

  @Delete(':queue/jobs/:id')
  @HttpCode(204)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Remove a job that is not running. Audited.' })
  async remove(@Param() params: QueueJobParams): Promise<void> {
    await this.operations.remove(params.queue, params.id);
  }

  @Post(':queue/pause')
  @HttpCode(200)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Stop every worker from taking jobs of this queue (running jobs finish). Audited.' })
  pause(@Param() params: QueueParams) {
    return this.operations.setPaused(params.queue, true);
  }

  @Post(':queue/resume')
  @HttpCode(200)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Let workers take jobs of this queue again. Audited.' })
  resume(@Param() params: QueueParams) {
    return this.operations.setPaused(params.queue, false);
  }

  @Get(':queue/dead-letters')
  @RequirePermissions('platform.queues.read')
  @ApiOperation({ summary: 'Dead-lettered jobs with their error and attempt history, oldest first, filtered by job type, tenant or error code.' })
  deadLetters(@Param() params: QueueParams, @Query() query: DeadLetterListQuery) {
    return this.operations.deadLetterList(params.queue, { name: query.name, tenantId: query.tenantId, code: query.code }, query.limit, query.cursor);
  }

  @Post(':queue/dead-letters/replay')
  @HttpCode(200)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Replay the dead letters matching a filter (up to limit, oldest first). Audited.' })
  replayMatching(@Param() params: QueueParams, @Body() body: ReplayDeadLettersBody) {
    return this.operations.replayMatching(params.queue, { name: body.name, tenantId: body.tenantId, code: body.code }, body.limit);
  }

  @Post(':queue/dead-letters/:id/replay')
  @HttpCode(200)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Replay one dead-lettered job under its id, with its envelope unchanged. Audited.' })
  replay(@Param() params: QueueJobParams) {
    return this.operations.replay(params.queue, params.id);
  }

  @Delete(':queue/dead-letters/:id')
  @HttpCode(204)
  @RequirePermissions('platform.queues.operate')
  @ApiOperation({ summary: 'Discard a dead letter for good. Audited.' })
  async discard(@Param() params: QueueJobParams): Promise<void> {
    await this.operations.discard(params.queue, params.id);
  }

  @Get(':queue/top-tenants')
  @RequirePermissions('platform.queues.read')
  @ApiOperation({ summary: 'Tenants loading this queue most: estimated waiting jobs and enqueues in the last 15 minutes.' })
  topTenants(@Param() params: QueueParams, @Query() query: TopTenantsQuery) {
    return this.operations.topTenants(params.queue, query.limit);
  }
}
