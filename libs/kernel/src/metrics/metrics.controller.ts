import { WithoutTransaction } from '../http/without-transaction.decorator';
import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, TesseraError } from '@tessera/module-sdk';
import type { Response } from 'express';
import { ConfigService } from '@nestjs/config';
import type { PlatformConfigService } from '../bootstrap/platform-configuration';
import { MetricsRegistry } from './metrics.registry';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus scrape endpoint. Open unless METRICS_TOKEN is set, then it needs that bearer token. */
@WithoutTransaction()
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    @Inject(ConfigService) private readonly config: PlatformConfigService,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const token = this.config.get('platform.METRICS_TOKEN', { infer: true });
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) {
      throw new TesseraError('unauthenticated', 'METRICS_TOKEN_REQUIRED', 'Scraping metrics requires the configured bearer token.');
    }
    response.setHeader('content-type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }
}
