import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuditController, PlatformAuditController } from '@tessera/audit';
import { JOBS_CONTROLLERS } from '@tessera/jobs';
import { ormOptions } from '@tessera/persistence';
import type { ModuleEntity } from '@tessera/module-sdk';
import { LoggerModule } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import type { Logger } from 'pino';
import { HealthController } from '../health/health.controller';
import { ReadinessService } from '../health/readiness.service';
import { CapabilitiesController } from '../flags-api/capabilities.controller';
import { PlatformFlagsController, PlatformTenantSettingsController } from '../flags-api/platform-flags.controller';
import { TenantSettingsController } from '../flags-api/tenant-settings.controller';
import { ErrorEnvelopeFilter } from '../http/error-envelope.filter';
import { ModuleGateGuard } from '../http/module-gate.guard';
import { RouteAccessGuard } from '../http/route-access.guard';
import { TenantTransactionInterceptor } from '../http/tenant-transaction.interceptor';
import { MetricsController } from '../metrics/metrics.controller';
import { PlatformModulesController } from '../platform-api/platform-modules.controller';
import { ROOT_LOGGER } from './kernel.tokens';

/** The platform's own controllers (served by apps/api only). */
export const KERNEL_CONTROLLERS: readonly Type<unknown>[] = [
  HealthController,
  MetricsController,
  PlatformModulesController,
  AuditController,
  PlatformAuditController,
  CapabilitiesController,
  TenantSettingsController,
  PlatformFlagsController,
  PlatformTenantSettingsController,
  ...JOBS_CONTROLLERS,
];

export interface RootModuleParts {
  readonly role: 'api' | 'worker' | 'cli';
  readonly logger: Logger;
  readonly database: { readonly url: string; readonly poolSize: number };
  readonly entities: readonly ModuleEntity[];
  readonly platformCore: DynamicModule;
  readonly modules: readonly DynamicModule[];
}

/**
 * The root Nest module of one platform instance: logging, ORM, health, the platform core, every
 * module (in boot order), and the request pipeline in a fixed order:
 * access (authentication + permissions) → module gate → tenant transaction → validation → handler,
 * with every error rendered by the envelope filter.
 */
export function buildRootModule(parts: RootModuleParts): DynamicModule {
  @Module({})
  class TesseraRootModule {}

  return {
    module: TesseraRootModule,
    imports: [
      // Nest's own logger over the process logger. No per-request middleware: the access log is
      // configure-http's accessLogMiddleware, and the request id reaches every line through the logger's mixin.
      LoggerModule.forRoot({ pinoHttp: { logger: parts.logger }, forRoutes: [] }),
      MikroOrmModule.forRoot({
        ...ormOptions({ url: parts.database.url, poolSize: parts.database.poolSize, entities: parts.entities }),
        registerRequestContext: false,
      }),
      TerminusModule.forRoot({ logger: false }),
      parts.platformCore,
      ...parts.modules,
    ],
    controllers: parts.role === 'api' ? [...KERNEL_CONTROLLERS] : [],
    providers: [
      ReadinessService,
      { provide: APP_GUARD, useClass: RouteAccessGuard },
      { provide: APP_GUARD, useClass: ModuleGateGuard },
      { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
      { provide: APP_PIPE, useClass: ZodValidationPipe },
      { provide: APP_FILTER, useFactory: (logger: Logger) => new ErrorEnvelopeFilter(logger), inject: [ROOT_LOGGER] },
    ],
    exports: [ReadinessService],
  };
}
