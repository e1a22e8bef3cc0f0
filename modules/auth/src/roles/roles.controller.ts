import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PERMISSION_CATALOG, RequestContext, RequirePermissions, type PermissionCatalog } from '@tessera/module-sdk';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { IdParamDto, PageQueryDto } from '../common/pagination.dto';
import { RolesService } from './roles.service';

const permissionList = z.array(z.string().min(1).max(100)).max(500).meta({ example: ['auth.members.read', 'audit.read'] });

export class CreateRoleDto extends createZodDto(
  z
    .object({
      key: z.string().regex(/^[a-z][a-z0-9-]{1,49}$/, 'must be 2-50 lower-case letters, digits or dashes, starting with a letter').meta({ example: 'support-agent' }),
      name: z.string().min(1).max(100).meta({ example: 'Support agent' }),
      description: z.string().max(500).optional(),
      permissions: permissionList,
    })
    .strict(),
) {}

export class UpdateRoleDto extends createZodDto(
  z.object({ name: z.string().min(1).max(100).optional(), description: z.string().max(500).optional(), permissions: permissionList.optional() }).strict(),
) {}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class RolesController {
  constructor(
    private readonly roles: RolesService,
    @Inject(PERMISSION_CATALOG) private readonly catalog: PermissionCatalog,
  ) {}

  @Get('permissions')
  @RequirePermissions('auth.roles.read')
  @ApiOperation({ summary: 'Every tenant permission a role can hold, with its description and default roles.' })
  permissions() {
    return { data: this.catalog.tenantPermissions() };
  }

  @Get('roles')
  @RequirePermissions('auth.roles.read')
  @ApiOperation({ summary: 'The built-in roles (first page) and the tenant-defined roles.' })
  list(@Query() query: PageQueryDto) {
    return this.roles.list(query);
  }

  @Post('roles')
  @RequirePermissions('auth.roles.manage')
  @ApiOperation({ summary: 'Define a role: a named set of tenant permissions you hold.' })
  create(@Body() body: CreateRoleDto) {
    return this.roles.create(body, RequestContext.current()!.principal!);
  }

  @Patch('roles/:id')
  @RequirePermissions('auth.roles.manage')
  @ApiOperation({ summary: 'Change a tenant-defined role; members get the new permissions at their next token refresh.' })
  update(@Param() params: IdParamDto, @Body() body: UpdateRoleDto) {
    return this.roles.update(params.id, body, RequestContext.current()!.principal!);
  }

  @Delete('roles/:id')
  @RequirePermissions('auth.roles.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a tenant-defined role that nobody holds.' })
  remove(@Param() params: IdParamDto) {
    return this.roles.remove(params.id);
  }
}
