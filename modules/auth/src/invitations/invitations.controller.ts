import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, RequestContext, RequirePermissions } from '@tessera/module-sdk';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { emailSchema, newPasswordSchema } from '../common/email';
import { IdParamDto, PageQueryDto } from '../common/pagination.dto';
import { CredentialRoute } from '../rate-limit/rate-limit.policy';
import { InvitationsService } from './invitations.service';

export class CreateInvitationDto extends createZodDto(
  z.object({ email: emailSchema, role: z.string().min(1).max(50).meta({ example: 'member' }) }).strict(),
) {}

export class AcceptInvitationDto extends createZodDto(
  z
    .object({
      token: z.string().min(1).max(512).describe('The token from the invitation link.').meta({ example: 'tsi_AZNf...' }),
      password: newPasswordSchema.optional().describe('Required when you have no account yet.'),
      displayName: z.string().max(200).optional().meta({ example: 'Ada Lovelace' }),
    })
    .strict(),
) {}

@ApiTags('auth')
@Controller('auth/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @RequirePermissions('auth.members.manage')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invite someone by email, with a role you may grant; the link is sent by mail only.' })
  invite(@Body() body: CreateInvitationDto) {
    return this.invitations.invite(body, RequestContext.current()!.principal!);
  }

  @Get()
  @RequirePermissions('auth.members.manage')
  @ApiBearerAuth()
  @ApiOperation({ summary: "List the tenant's invitations." })
  list(@Query() query: PageQueryDto) {
    return this.invitations.list(query);
  }

  @Delete(':id')
  @RequirePermissions('auth.members.manage')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a pending invitation.' })
  revoke(@Param() params: IdParamDto) {
    return this.invitations.revoke(params.id);
  }

  @Post('accept')
  @Public()
  @CredentialRoute()
  @ApiOperation({ summary: 'Accept an invitation (creates your account if you have none); then log in.' })
  accept(@Body() body: AcceptInvitationDto) {
    return this.invitations.accept(body);
  }
}
