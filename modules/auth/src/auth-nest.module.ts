import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthAuthenticator } from './authenticator/auth.authenticator';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsService } from './invitations/invitations.service';
import { DeviceTokens } from './login/device-tokens.service';
import { LoginLockout } from './login/login-lockout.service';
import { LoginService } from './login/login.service';
import { LogMailSender } from './mail/log-mail-sender';
import { AUTH_MAIL_SENDER } from './mail/mail-sender';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { TENANT_MEMBERS } from './members/tenant-members.contract';
import { TenantMembersService } from './members/tenant-members.service';
import { PasswordHasher } from './passwords/password-hasher.service';
import { PasswordsController } from './passwords/passwords.controller';
import { PasswordsService } from './passwords/passwords.service';
import { BootstrapService } from './platform/bootstrap.service';
import { PlatformAuthController } from './platform/platform-auth.controller';
import { FailedAuthentications } from './rate-limit/failed-authentications.service';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RoleAssignment } from './roles/role-assignment.service';
import { RolePermissions } from './roles/role-permissions.service';
import { RolesController } from './roles/roles.controller';
import { RolesService } from './roles/roles.service';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { AuthPersonalData } from './personal-data/auth-personal-data.provider';
import { AccessTokens } from './tokens/access-tokens.service';
import { Revocations } from './tokens/revocations.service';
import { SigningKeys } from './tokens/signing-keys.service';

@Module({
  controllers: [SessionsController, PasswordsController, MembersController, RolesController, InvitationsController, ApiKeysController, PlatformAuthController],
  providers: [
    PasswordHasher,
    DeviceTokens,
    LoginLockout,
    LoginService,
    SigningKeys,
    AccessTokens,
    Revocations,
    SessionsService,
    RolePermissions,
    RoleAssignment,
    RolesService,
    MembersService,
    InvitationsService,
    ApiKeysService,
    PasswordsService,
    BootstrapService,
    AuthAuthenticator,
    FailedAuthentications,
    LogMailSender,
    AuthPersonalData,
    TenantMembersService,
    { provide: TENANT_MEMBERS, useExisting: TenantMembersService },
    { provide: AUTH_MAIL_SENDER, useExisting: LogMailSender },
    // Global, and after the platform's own guards: see RateLimitGuard.
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  // The contract other modules may inject (they declare `dependsOn: { auth }`); nothing else of auth.
  exports: [TENANT_MEMBERS],
})
export class AuthNestModule {}
