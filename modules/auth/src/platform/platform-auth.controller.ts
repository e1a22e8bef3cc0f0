import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext, RequirePermissions } from '@tessera/module-sdk';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { emailSchema } from '../common/email';
import { SigningKeys } from '../tokens/signing-keys.service';
import { BootstrapService } from './bootstrap.service';

export class CreateTenantDto extends createZodDto(
  z
    .object({
      slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1-63 lower-case letters, digits or inner dashes').meta({ example: 'acme' }),
      name: z.string().min(1).max(200).meta({ example: 'Acme Corporation' }),
      plan: z.string().min(1).max(100).optional().meta({ example: 'free' }),
      ownerEmail: emailSchema,
    })
    .strict(),
) {}

/** Platform administration of tenants and token keys: platform admins only, never a tenant principal. */
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform')
export class PlatformAuthController {
  constructor(
    private readonly bootstrap: BootstrapService,
    private readonly keys: SigningKeys,
  ) {}

  @Post('tenants')
  @RequirePermissions('platform.tenants.manage')
  @ApiOperation({ summary: 'Create a tenant and invite its first owner; the invitation token is in this response only.' })
  createTenant(@Body() body: CreateTenantDto) {
    const principal = RequestContext.current()!.principal!;
    return this.bootstrap.createTenant(body, `${principal.kind}:${principal.id}`);
  }

  @Post('auth/signing-keys/rotate')
  @RequirePermissions('platform.auth.keys.rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start signing access tokens with a new key; tokens signed with the old one stay valid until they expire.' })
  async rotate() {
    return { kid: await this.keys.rotate() };
  }
}
