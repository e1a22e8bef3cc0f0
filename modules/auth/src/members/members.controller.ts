import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext, RequirePermissions } from '@tessera/module-sdk';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { IdParamDto, PageQueryDto } from '../common/pagination.dto';
import { MembersService } from './members.service';

export class ChangeRoleDto extends createZodDto(
  z.object({ role: z.string().min(1).max(50).describe('A built-in role or the key of a tenant-defined role.').meta({ example: 'member' }) }).strict(),
) {}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequirePermissions('auth.members.read')
  @ApiOperation({ summary: 'List the members of the tenant with their roles.' })
  list(@Query() query: PageQueryDto) {
    return this.members.list(query);
  }

  @Patch(':id')
  @RequirePermissions('auth.members.manage')
  @ApiOperation({ summary: "Change a member's role (never to a role with permissions you lack; owners only by owners)." })
  changeRole(@Param() params: IdParamDto, @Body() body: ChangeRoleDto) {
    return this.members.changeRole(params.id, body.role, RequestContext.current()!.principal!);
  }

  @Delete(':id')
  @RequirePermissions('auth.members.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from the tenant; their sessions in it end at once.' })
  remove(@Param() params: IdParamDto) {
    return this.members.remove(params.id, RequestContext.current()!.principal!);
  }
}
