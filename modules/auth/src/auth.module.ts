import { defineModule } from '@tessera/module-sdk';
import { authConfigSchema } from './auth.config';
import { AUTH_MIGRATIONS } from './auth.migrations';
import { AUTH_PERMISSIONS } from './auth.permissions';
import { AuthNestModule } from './auth-nest.module';
import { AuthAuthenticator } from './authenticator/auth.authenticator';
import { AUTH_ENTITIES } from './entities';
import { AUTH_COMMANDS } from './platform/auth.commands';
import { SigningKeys } from './tokens/signing-keys.service';
import { AUTH_PERSONAL_DATA } from './personal-data/auth-personal-data.categories';
import { AuthPersonalData } from './personal-data/auth-personal-data.provider';

/** Identity and access: accounts, password login, tokens, roles and permissions, API keys, rate limits. */
export const authModule = defineModule({
  name: 'auth',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Accounts, password login, access and refresh tokens, roles and permissions, API keys, rate limits.',
  critical: true,
  nestModule: AuthNestModule,
  config: authConfigSchema,
  permissions: AUTH_PERMISSIONS,
  entities: AUTH_ENTITIES,
  migrations: AUTH_MIGRATIONS,
  commands: AUTH_COMMANDS,
  authenticator: AuthAuthenticator,
  personalData: { categories: AUTH_PERSONAL_DATA, provider: AuthPersonalData },
  hooks: {
    onBoot: (ctx) => ctx.get(SigningKeys).start(),
    onShutdown: (ctx) => ctx.get(SigningKeys).stop(),
  },
});
