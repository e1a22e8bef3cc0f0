import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantFlagsService, TenantModulesService } from '@tessera/flags';
import { RequestContext, RequirePermissions } from '@tessera/module-sdk';
import { WithoutTransaction } from '../http/without-transaction.decorator';
import { ExplainQuery, FlagParams, ModuleChangeBody, ModuleParams, OverrideBody, PageQuery, UserFlagParams } from './flags-admin.dto';

/**
 * A tenant admin's view of their own tenant: modules and flags. The tenant is always the caller's;
 * tenant admins may override adjustable flags only. (No transaction here: each change opens its own and
 * tells the other instances after it commits.)
 */
@WithoutTransaction()
@ApiTags('tenant settings')
@ApiBearerAuth()
@Controller('tenant')
export class TenantSettingsController {
  constructor(
    private readonly modules: TenantModulesService,
    private readonly flags: TenantFlagsService,
  ) {}

  @Get('modules')
  @RequirePermissions('modules.read')
  @ApiOperation({ summary: "The tenant's modules: enabled or not, chosen or by default, and what each requires." })
  listModules(@Query() query: PageQuery) {
    return this.modules.list(RequestContext.requireTenantId(), query.cursor, query.limit);
  }

  @Put('modules/:module')
  @RequirePermissions('modules.manage')
  @ApiOperation({ summary: 'Enable (with the modules it requires) or disable (refused while enabled modules require it, unless cascade) a module.' })
  setModule(@Param() params: ModuleParams, @Body() body: ModuleChangeBody) {
    return this.modules.setEnabled(RequestContext.requireTenantId(), params.module, body.enabled, body.cascade);
  }

  @Get('flags')
  @RequirePermissions('flags.read')
  @ApiOperation({ summary: "Every declared flag with its value for the tenant, the reason, and the tenant's override." })
  listFlags(@Query() query: PageQuery) {
    return this.flags.list(RequestContext.requireTenantId(), query.cursor, query.limit);
  }

  @Get('flags/:key/explain')
  @RequirePermissions('flags.read')
  @ApiOperation({ summary: 'Why the flag has its value: every rule of the evaluation order, and the one that decided.' })
  explain(@Param() params: FlagParams, @Query() query: ExplainQuery) {
    return this.flags.explain(RequestContext.requireTenantId(), params.key, query.userId);
  }

  @Put('flags/:key/override')
  @RequirePermissions('flags.manage')
  @ApiOperation({ summary: 'Override an adjustable flag for the whole tenant.' })
  setOverride(@Param() params: FlagParams, @Body() body: OverrideBody) {
    return this.flags.setOverride(RequestContext.requireTenantId(), params.key, null, body.value, 'tenant');
  }

  @Delete('flags/:key/override')
  @RequirePermissions('flags.manage')
  @ApiOperation({ summary: "Remove the tenant's override of a flag." })
  clearOverride(@Param() params: FlagParams) {
    return this.flags.setOverride(RequestContext.requireTenantId(), params.key, null, null, 'tenant');
  }

  @Get('flags/:key/users')
  @RequirePermissions('flags.read')
  @ApiOperation({ summary: "The flag's per-user overrides in the tenant, by user id." })
  listUserOverrides(@Param() params: FlagParams, @Query() query: PageQuery) {
    return this.flags.userOverrides(RequestContext.requireTenantId(), params.key, query.cursor, query.limit);
  }

  @Put('flags/:key/users/:userId')
  @RequirePermissions('flags.manage')
  @ApiOperation({ summary: 'Override an adjustable flag for one user of the tenant.' })
  setUserOverride(@Param() params: UserFlagParams, @Body() body: OverrideBody) {
    return this.flags.setOverride(RequestContext.requireTenantId(), params.key, params.userId, body.value, 'tenant');
  }

  @Delete('flags/:key/users/:userId')
  @RequirePermissions('flags.manage')
  @ApiOperation({ summary: "Remove one user's override of a flag." })
  clearUserOverride(@Param() params: UserFlagParams) {
    return this.flags.setOverride(RequestContext.requireTenantId(), params.key, params.userId, null, 'tenant');
  }
}
