import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { emailSchema } from '../common/email';

const slug = z.string().min(1).max(63).regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a tenant slug');

export class LoginDto extends createZodDto(
  z
    .object({
      tenant: slug.optional().describe('Slug of the tenant to log into. Omit to log in as a platform admin.').meta({ example: 'acme' }),
      email: emailSchema,
      password: z.string().min(1).max(256).meta({ example: 'correct horse battery staple' }),
      deviceToken: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('The deviceToken of an earlier successful login from this client: it still gets in while the account is locked against other clients.')
        .meta({ example: 'tsd_...' }),
    })
    .strict()
    .meta({ example: { tenant: 'acme', email: 'ada@example.com', password: 'correct horse battery staple' } }),
) {}

export class RefreshDto extends createZodDto(
  z
    .object({ refreshToken: z.string().min(1).max(512).meta({ example: 'tsr_AZNf...' }) })
    .strict(),
) {}

const tokenPair = z.object({
  status: z.literal('authenticated'),
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  sessionId: z.uuid(),
  tenantId: z.uuid().nullable(),
  userId: z.uuid(),
});

export class TokenPairDto extends createZodDto(tokenPair) {}

export class LoginResultDto extends createZodDto(
  tokenPair.extend({
    deviceToken: z.string().describe('Keep it on this client and send it with the next login: it passes the account-wide lockout (OWASP device cookie).'),
  }),
) {}

export class MeDto extends createZodDto(
  z.object({
    kind: z.enum(['user', 'api-key', 'system']),
    id: z.string(),
    tenantId: z.uuid().nullable(),
    sessionId: z.string().nullable(),
    permissions: z.array(z.string()),
    roles: z.array(z.string()).describe('Tenant roles the permissions come from; empty for API keys and platform admins.'),
  }),
) {}
