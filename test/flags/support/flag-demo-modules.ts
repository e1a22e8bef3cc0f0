import { EntityManager } from '@mikro-orm/core';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import {
  defineModule,
  FEATURE_FLAGS,
  RequestContext,
  RequirePermissions,
  tenantIsolation,
  type FeatureFlagClient,
  type TenantModuleContext,
} from '@tessera/module-sdk';

/** Test-only: fx-base keeps one settings row per tenant, seeded by its onTenantEnable hook. */
@Injectable()
export class FxBaseSettings {
  constructor(private readonly em: EntityManager) {}

  private run(sql: string, params: unknown[]) {
    return this.em.getConnection().execute(sql, params, 'all', this.em.getTransactionContext());
  }

  /** Runs in the tenant's scope: row-level security refuses the insert otherwise. */
  async seed(): Promise<void> {
    await this.run(
      `INSERT INTO fx_base_settings (tenant_id, active, seeded_in) VALUES (?, true, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET active = true, times_enabled = fx_base_settings.times_enabled + 1`,
      [RequestContext.requireTenantId(), RequestContext.requireTenantId()],
    );
  }

  async deactivate(): Promise<void> {
    await this.run('UPDATE fx_base_settings SET active = false WHERE tenant_id = ?', [RequestContext.requireTenantId()]);
  }
}

@Controller('fx-base')
class FxBaseController {
  constructor(@Inject(FEATURE_FLAGS) private readonly flags: FeatureFlagClient) {}

  /** Module code evaluating flags through OpenFeature, with no tenant or user passed by hand. */
  @Get('status')
  @RequirePermissions('fx-base.read')
  async status() {
    const editor = await this.flags.getBooleanDetails('fx-base.new-editor', false);
    const missing = await this.flags.getBooleanDetails('fx-base.not-declared', false);
    return {
      newEditor: editor.value,
      newEditorReason: editor.flagMetadata.reason,
      bulkExport: await this.flags.getBooleanValue('fx-base.bulk-export', false),
      pageSize: await this.flags.getNumberValue('fx-base.page-size', -1),
      theme: await this.flags.getStringValue('fx-base.theme', 'none'),
      missingErrorCode: missing.errorCode ?? null,
    };
  }
}

@Module({ controllers: [FxBaseController], providers: [FxBaseSettings], exports: [FxBaseSettings] })
class FxBaseNestModule {}

export const fxBaseModule = defineModule({
  name: 'fx-base',
  version: '1.0.0',
  platform: '^1.0.0',
  nestModule: FxBaseNestModule,
  permissions: [{ key: 'fx-base.read', description: 'Read' }],
  flags: [
    { key: 'fx-base.new-editor', type: 'release', default: false, description: 'The new editor.' },
    { key: 'fx-base.bulk-export', type: 'permission', default: false, description: 'Export everything at once.' },
    { key: 'fx-base.page-size', type: 'operational', default: 25, description: 'Rows per page.' },
    { key: 'fx-base.theme', type: 'experiment', default: 'classic', description: 'Theme under test.' },
    { key: 'fx-base.search', type: 'kill-switch', default: true, description: 'Search.' },
  ],
  migrations: [
    {
      name: '0001-settings',
      up: [
        `CREATE TABLE fx_base_settings (
           tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
           active boolean NOT NULL,
           seeded_in uuid NOT NULL,
           times_enabled integer NOT NULL DEFAULT 1
         )`,
        ...tenantIsolation('fx_base_settings'),
      ],
    },
  ],
  hooks: {
    onTenantEnable: (ctx: TenantModuleContext) => ctx.get(FxBaseSettings).seed(),
    onTenantDisable: (ctx: TenantModuleContext) => ctx.get(FxBaseSettings).deactivate(),
  },
});

function leafModule(name: string, dependsOn: Record<string, string>, extra: Record<string, unknown> = {}) {
  @Controller(name)
  class LeafController {
    @Get()
    @RequirePermissions(`${name}.read`)
    get() {
      return { module: name };
    }
  }
  @Module({ controllers: [LeafController] })
  class LeafNestModule {}
  return defineModule({
    name,
    version: '1.0.0',
    platform: '^1.0.0',
    dependsOn,
    nestModule: LeafNestModule,
    permissions: [{ key: `${name}.read`, description: 'Read' }],
    flags: [{ key: `${name}.enabled-view`, type: 'release', default: true, description: 'A view.' }],
    ...extra,
  });
}

export const fxReportsModule = leafModule('fx-reports', { 'fx-base': '^1.0.0' });
export const fxDashboardsModule = leafModule('fx-dashboards', { 'fx-reports': '^1.0.0' });
/** Opt-in: off for a tenant until an admin enables it. */
export const fxBetaModule = leafModule('fx-beta', {}, { enablement: 'opt-in' });
/** Opt-in, and its onTenantEnable always fails: enabling it must change nothing. */
export const fxFragileModule = leafModule('fx-fragile', {}, {
  enablement: 'opt-in',
  hooks: {
    onTenantEnable() {
      throw new Error('could not reach the seeding service');
    },
  },
});

export const FX_MODULES = [fxBaseModule, fxReportsModule, fxDashboardsModule, fxBetaModule, fxFragileModule];
