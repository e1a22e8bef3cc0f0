import { WithoutTransaction } from '../http/without-transaction.decorator';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@tessera/module-sdk';
import type { Response } from 'express';
import { ReadinessService, type ReadinessReport } from './readiness.service';

/** What anonymous probes see: statuses, never error messages (those are in the platform module API). */
export function publicReadiness(report: ReadinessReport): ReadinessReport {
  return {
    status: report.status,
    checks: Object.fromEntries(Object.entries(report.checks).map(([key, check]) => [key, { status: check.status }])),
    modules: Object.fromEntries(
      Object.entries(report.modules).map(([name, module]) => [
        name,
        {
          ...module,
          checks: Object.fromEntries(Object.entries(module.checks).map(([key, check]) => [key, { status: check.status }])),
        },
      ]),
    ),
  };
}

/** Liveness and readiness probes. Public by design: orchestrators call them without credentials. */
@WithoutTransaction()
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** The process is alive and its event loop answers. Never depends on PostgreSQL or Redis. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready for traffic: 200 when `ok` or `degraded`, 503 when `down`. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    response.status(report.status === 'down' ? 503 : 200);
    return publicReadiness(report);
  }
}
