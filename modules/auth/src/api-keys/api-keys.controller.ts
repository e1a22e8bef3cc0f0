import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext, RequirePermissions } from '@tessera/module-sdk';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { IdParamDto, PageQueryDto } from '../common/pagination.dto';
import { ApiKeysService } from './api-keys.service';

export class CreateApiKeyDto extends createZodDto(
  z
    .object({
      name: z.string().min(1).max(100).meta({ example: 'CRM sync' }),
      permissions: z.array(z.string().min(1).max(100)).min(1).max(500).meta({ example: ['auth.members.read'] }),
      expiresAt: z.iso.datetime({ offset: true }).optional().describe('When the key stops working; omit for no expiry.').meta({ example: '2030-01-01T00:00:00Z' }),
    })
    .strict(),
) {}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @RequirePermissions('auth.api-keys.manage')
  @ApiOperation({ summary: 'Create an API key with a subset of your permissions. The key is in this response only.' })
  create(@Body() body: CreateApiKeyDto) {
    const principal = RequestContext.current()!.principal!;
    return this.apiKeys.create({ ...body, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined }, principal);
  }

  @Get()
  @RequirePermissions('auth.api-keys.manage')
  @ApiOperation({ summary: "List the tenant's API keys (never their secrets)." })
  list(@Query() query: PageQueryDto) {
    return this.apiKeys.list(query);
  }

  @Delete(':id')
  @RequirePermissions('auth.api-keys.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once.' })
  revoke(@Param() params: IdParamDto) {
    return this.apiKeys.revoke(params.id);
  }
}
