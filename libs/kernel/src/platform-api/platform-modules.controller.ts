import { WithoutTransaction } from '../http/without-transaction.decorator';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { ReadinessService } from '../health/readiness.service';
import { ModuleRegistry } from '../registry/module-registry';
import { PlatformModuleListDto, type PlatformModuleView } from './platform-module.dto';

/** Introspection: every loaded module, what it contributes, its state and health. */
@WithoutTransaction()
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/modules')
export class PlatformModulesController {
  constructor(
    private readonly registry: ModuleRegistry,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @RequirePermissions('platform.modules.read')
  @ApiOperation({ summary: 'List loaded modules in boot order with state, dependencies, contributions and health.' })
  @ApiOkResponse({ type: PlatformModuleListDto })
  async list(): Promise<{ data: PlatformModuleView[] }> {
    const report = await this.readiness.check();
    const data = this.registry.all().map((runtime): PlatformModuleView => {
      const def = runtime.definition;
      return {
        name: def.name,
        version: def.version,
        description: def.description ?? null,
        source: runtime.source,
        platformRange: def.platform,
        critical: runtime.critical,
        state: runtime.state,
        error: runtime.error ?? null,
        bootMs: runtime.bootMs ?? null,
        dependsOn: Object.entries(def.dependsOn ?? {}).map(([name, range]) => ({ name, range, present: true })),
        optionalDependsOn: Object.entries(def.optionalDependsOn ?? {}).map(([name, range]) => ({
          name,
          range,
          present: this.registry.get(name) !== undefined,
        })),
        health: report.modules[def.name] ?? null,
        contributes: {
          permissions: (def.permissions ?? []).map((p) => p.key),
          entities: (def.entities ?? []).map((e) => (e as { name: string }).name),
          migrations: (def.migrations ?? []).map((m) => m.name),
          healthChecks: (def.health ?? []).map((h) => h.name),
          configKeys: Object.keys(def.config?.shape ?? {}),
          providesAuthentication: def.authenticator !== undefined,
          customFieldTargets: (def.customFieldTargets ?? []).map((t) => t.name),
          searchCollections: (def.searchCollections ?? []).map((c) => ({
            name: c.name,
            description: c.description,
            fields: Object.entries(c.fields).map(([name, field]) => ({ name, kind: field.kind, weight: field.weight ?? 'C' })),
          })),
          events: {
            publishes: (def.events?.publishes ?? []).map((e) => e.name),
            subscribes: (def.events?.subscribes ?? []).map((s) => s.event),
          },
          personalData: (def.personalData?.categories ?? []).map((c) => c.name),
          queues: [...new Set([...(def.queues ?? []).map((q) => q.name), ...(def.jobs ?? []).map((j) => j.queue ?? def.name)])],
          jobs: (def.jobs ?? []).map((j) => ({ name: j.name, queue: j.queue ?? def.name, scope: j.scope ?? 'tenant', schedule: j.schedule?.cron ?? null })),
        },
      };
    });
    return { data };
  }
}
