import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Public, RequestContext } from '@tessera/module-sdk';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { clientInfo } from '../common/client-info';
import { emailSchema, newPasswordSchema } from '../common/email';
import { CredentialRoute } from '../rate-limit/rate-limit.policy';
import { PasswordsService } from './passwords.service';

export class ChangePasswordDto extends createZodDto(
  z.object({ currentPassword: z.string().min(1).max(256).meta({ example: 'old password here' }), newPassword: newPasswordSchema }).strict(),
) {}

export class ForgotPasswordDto extends createZodDto(z.object({ email: emailSchema }).strict()) {}

export class ResetPasswordResultDto extends createZodDto(
  z.object({
    deviceToken: z.string().describe('Send it with the next login from this client: it passes a lock on the account (see POST auth/login).'),
  }),
) {}

export class ResetPasswordDto extends createZodDto(
  z.object({ token: z.string().min(1).max(512).meta({ example: 'tsp_AZNf...' }), newPassword: newPasswordSchema }).strict(),
) {}

@ApiTags('auth')
@Controller('auth/password')
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post('change')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password; every session ends and a new one starts for this client.' })
  change(@Body() body: ChangePasswordDto, @Req() request: Request) {
    return this.passwords.change(RequestContext.current()!.principal!, body, clientInfo(request));
  }

  @Post('forgot')
  @Public()
  @CredentialRoute()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a password reset link to this email if it has an account (the answer does not say).' })
  async forgot(@Body() body: ForgotPasswordDto, @Req() request: Request) {
    await this.passwords.requestReset(body.email, clientInfo(request));
    return { status: 'accepted' };
  }

  @Post('reset')
  @Public()
  @CredentialRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a reset link; every session ends, lockouts are cleared, and this client gets a device token.' })
  @ApiOkResponse({ type: ResetPasswordResultDto })
  reset(@Body() body: ResetPasswordDto) {
    return this.passwords.reset(body);
  }
}
