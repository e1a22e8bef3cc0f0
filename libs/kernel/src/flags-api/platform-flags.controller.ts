import { Body, Controller, Delete, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformFlagsService, TenantFlagsService, TenantModulesService } from '@tessera/flags';
import { RequirePermissions } from '@tessera/module-sdk';
import { WithoutTransaction } from '../http/without-transaction.decorator';
import {
  ExplainQuery,
  FlagParams,
  OverrideBody,
  PageQuery,
  PlatformFlagPatchBody,
  TenantFlagParams,
  TenantModuleParams,
  TenantParams,
  TenantUserFlagParams,
  ModuleChangeBody,
} from './flags-admin.dto';

/** Platform admins: the platform-wide settings of every flag (kill switch, rollout, value). */
@WithoutTransaction()
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/flags')
export class PlatformFlagsController {
  constructor(private readonly flags: PlatformFlagsService) {}

  @Get()
  @RequirePermissions('platform.flags.read')
  @ApiOperation({ summary: 'Every declared flag with its platform-wide settings.' })
  list(@Query() query: PageQuery) {
    return this.flags.list(query.cursor, query.limit);
  }

  @Patch(':key')
  @RequirePermissions('platform.flags.manage')
  @ApiOperation({ summary: "Change a flag's kill switch, percentage rollout or platform-wide value (omitted fields stay; null clears)." })
  update(@Param() params: FlagParams, @Body() body: PlatformFlagPatchBody) {
    return this.flags.update(params.key, body);
  }
}

/** Platform admins: any tenant's modules and flags, with the same operations tenant admins have, on every flag. */
@WithoutTransaction()
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/tenants/:tenantId')
export class PlatformTenantSettingsController {
  constructor(
    private readonly modules: TenantModulesService,
    private readonly flags: TenantFlagsService,
  ) {}

  @Get('modules')
  @RequirePermissions('platform.tenant-modules.read')
  @ApiOperation({ summary: "A tenant's modules." })
  listModules(@Param() params: TenantParams, @Query() query: PageQuery) {
    return this.modules.list(params.tenantId, query.cursor, query.limit);
  }

  @Put('modules/:module')
  @RequirePermissions('platform.tenant-modules.manage')
  @ApiOperation({ summary: 'Enable or disable a module for a tenant.' })
  setModule(@Param() params: TenantModuleParams, @Body() body: ModuleChangeBody) {
    return this.modules.setEnabled(params.tenantId, params.module, body.enabled, body.cascade);
  }

  @Get('flags')
  @RequirePermissions('platform.flags.read')
  @ApiOperation({ summary: "A tenant's flags." })
  listFlags(@Param() params: TenantParams, @Query() query: PageQuery) {
    return this.flags.list(params.tenantId, query.cursor, query.limit);
  }

  @Get('flags/:key/explain')
  @RequirePermissions('platform.flags.read')
  @ApiOperation({ summary: 'Why a flag has its value for a tenant (and optionally one of its users).' })
  explain(@Param() params: TenantFlagParams, @Query() query: ExplainQuery) {
    return this.flags.explain(params.tenantId, params.key, query.userId);
  }

  @Put('flags/:key/override')
  @RequirePermissions('platform.flags.manage')
  @ApiOperation({ summary: 'Override any flag for a tenant.' })
  setOverride(@Param() params: TenantFlagParams, @Body() body: OverrideBody) {
    return this.flags.setOverride(params.tenantId, params.key, null, body.value, 'platform');
  }

  @Delete('flags/:key/override')
  @RequirePermissions('platform.flags.manage')
  @ApiOperation({ summary: "Remove a tenant's override of a flag." })
  clearOverride(@Param() params: TenantFlagParams) {
    return this.flags.setOverride(params.tenantId, params.key, null, null, 'platform');
  }

  @Get('flags/:key/users')
  @RequirePermissions('platform.flags.read')
  @ApiOperation({ summary: "A flag's per-user overrides in a tenant." })
  listUserOverrides(@Param() params: TenantFlagParams, @Query() query: PageQuery) {
    return this.flags.userOverrides(params.tenantId, params.key, query.cursor, query.limit);
  }

  @Put('flags/:key/users/:userId')
  @RequirePermissions('platform.flags.manage')
  @ApiOperation({ summary: 'Override any flag for one user of a tenant.' })
  setUserOverride(@Param() params: TenantUserFlagParams, @Body() body: OverrideBody) {
    return this.flags.setOverride(params.tenantId, params.key, params.userId, body.value, 'platform');
  }

  @Delete('flags/:key/users/:userId')
  @RequirePermissions('platform.flags.manage')
  @ApiOperation({ summary: "Remove one user's override of a flag." })
  clearUserOverride(@Param() params: TenantUserFlagParams) {
    return this.flags.setOverride(params.tenantId, params.key, params.userId, null, 'platform');
  }
}
