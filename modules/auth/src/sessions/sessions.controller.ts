import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AUDIT_LOG, Public, RequestContext, TesseraError, type AuditLog } from '@tessera/module-sdk';
import type { Request } from 'express';
import { clientInfo } from '../common/client-info';
import { LoginDto, LoginResultDto, MeDto, RefreshDto, TokenPairDto } from '../login/login.dto';
import { LoginService, type LoginResult } from '../login/login.service';
import { CredentialRoute } from '../rate-limit/rate-limit.policy';
import { SigningKeys } from '../tokens/signing-keys.service';
import { SessionsService } from './sessions.service';
import type { TokenPair } from './token-pair';

function currentPrincipal() {
  const principal = RequestContext.current()?.principal;
  if (!principal) throw new TesseraError('unauthenticated', 'AUTHENTICATION_REQUIRED', 'This route requires authentication.');
  return principal;
}

/** Login, token refresh, logout, and the public keys that verify access tokens. */
@ApiTags('auth')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly keys: SigningKeys,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  @Post('login')
  @Public()
  @CredentialRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with a password into a tenant (or, without "tenant", as a platform admin).' })
  @ApiOkResponse({ type: LoginResultDto })
  logIn(@Body() body: LoginDto, @Req() request: Request): Promise<LoginResult> {
    return this.login.login(body, clientInfo(request));
  }

  @Post('token/refresh')
  @Public()
  @CredentialRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new access token and a new refresh token (the old one stops working).' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto, @Req() request: Request): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken, clientInfo(request));
  }

  @Post('logout')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session: its refresh token and access tokens stop working at once.' })
  async logout(): Promise<void> {
    const principal = currentPrincipal();
    if (principal.kind !== 'user' || !principal.sessionId) throw new TesseraError('bad-request', 'NOT_A_SESSION', 'Only a user session can log out; revoke an API key instead.');
    await this.sessions.revoke(principal.sessionId, principal.tenantId, 'logout');
    await this.audit.record({ action: 'auth.logged-out', target: { type: 'session', id: principal.sessionId } });
  }

  @Post('logout-all')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End every session of the current user, in every tenant and on every device.' })
  async logoutEverywhere(): Promise<void> {
    const principal = currentPrincipal();
    if (principal.kind !== 'user') throw new TesseraError('bad-request', 'NOT_A_SESSION', 'Only a user session can log out; revoke an API key instead.');
    await this.sessions.revokeAllOfUser(principal.id, principal.tenantId, 'logout-everywhere');
    await this.audit.record({ action: 'auth.logged-out-everywhere', target: { type: 'user', id: principal.id } });
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the credential of this request authenticates, and what it may do.' })
  @ApiOkResponse({ type: MeDto })
  me(): MeDto {
    const principal = currentPrincipal();
    return {
      kind: principal.kind,
      id: principal.id,
      tenantId: principal.tenantId,
      sessionId: principal.sessionId ?? null,
      permissions: [...principal.permissions].sort(),
      roles: [...(principal.roles ?? [])].sort(),
    };
  }

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public keys (JWKS) that verify access tokens; several during a key rotation.' })
  jwks() {
    return this.keys.jwks();
  }
}
