import type { ModuleCommand } from '@tessera/module-sdk';
import { ValidationError } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { emailSchema } from '../common/email';
import { SigningKeys } from '../tokens/signing-keys.service';
import { BootstrapService } from './bootstrap.service';

function email(value: unknown): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError([{ field: 'email', message: 'must be an email address' }], `"${String(value)}" is not an email address.`);
  return parsed.data;
}

/** CLI commands: the platform's first admin, tenants with their first owner, key rotation. */
export const AUTH_COMMANDS: readonly ModuleCommand<AuthConfig>[] = [
  {
    name: 'auth:create-platform-admin',
    description: 'Make an email a platform admin (creating the account); prints a one-time set-password token when it has no password.',
    options: {
      email: { type: 'string', description: 'Email of the platform admin', required: true },
      'display-name': { type: 'string', description: 'Name shown in the UI' },
    },
    async run(ctx, options) {
      const result = await ctx.get(BootstrapService).createPlatformAdmin(email(options.email), String(options['display-name'] ?? ''));
      const lines = [`platform admin ${String(options.email)} ${result.created ? 'created' : 'granted'} (user ${result.userId}).`];
      if (result.setPasswordToken) {
        lines.push(`Set the password within ${ctx.config.passwordResetTtlMinutes} minutes: POST /api/v1/auth/password/reset with this token (shown once):`, result.setPasswordToken);
      }
      return lines.join('\n');
    },
  },
  {
    name: 'auth:create-tenant',
    description: 'Create a tenant and invite its first owner; prints the invitation token (shown once).',
    options: {
      slug: { type: 'string', description: 'URL-safe tenant handle used at login', required: true },
      name: { type: 'string', description: 'Display name', required: true },
      'owner-email': { type: 'string', description: 'Email of the first owner', required: true },
      plan: { type: 'string', description: 'Commercial plan (default free)' },
    },
    async run(ctx, options) {
      const input = { slug: String(options.slug), name: String(options.name), plan: options.plan ? String(options.plan) : undefined, ownerEmail: email(options['owner-email']) };
      // One unit of work: the tenant and its owner invitation exist together or not at all.
      const created = await ctx.withoutTenant(() => ctx.get(BootstrapService).createTenant(input, 'system:cli'));
      return [
        `tenant ${created.tenant.slug} created (${created.tenant.id}).`,
        `Owner invitation for ${created.ownerInvitation.email}, valid until ${created.ownerInvitation.expiresAt}. Accept with POST /api/v1/auth/invitations/accept and this token (shown once):`,
        created.ownerInvitation.token,
      ].join('\n');
    },
  },
  {
    name: 'auth:rotate-signing-key',
    description: 'Sign access tokens with a new key from now on; the old key verifies until its tokens expire.',
    async run(ctx) {
      return `new signing key ${await ctx.get(SigningKeys).rotate()}; other replicas pick it up within ${ctx.config.keyRefreshSeconds} s.`;
    },
  },
];
