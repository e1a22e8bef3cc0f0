import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const moduleName = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be a module name (kebab-case)').max(50);
const flagKey = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must be a flag key such as "contacts.bulk-merge"').max(100);
const userId = z.string().min(1).max(200);
const flagValue = z.union([z.boolean(), z.string().max(1000), z.number().finite()], { message: 'must be a boolean, a string or a number' });

export class PageQuery extends createZodDto(
  z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
  }),
) {}

export class ExplainQuery extends createZodDto(
  z.object({ userId: userId.optional().describe('Explain for this user of the tenant (per-user overrides, user-sticky rollouts).') }),
) {}

export class ModuleParams extends createZodDto(z.object({ module: moduleName })) {}
export class TenantParams extends createZodDto(z.object({ tenantId: z.uuid() })) {}
export class TenantModuleParams extends createZodDto(z.object({ tenantId: z.uuid(), module: moduleName })) {}
export class FlagParams extends createZodDto(z.object({ key: flagKey })) {}
export class TenantFlagParams extends createZodDto(z.object({ tenantId: z.uuid(), key: flagKey })) {}
export class UserFlagParams extends createZodDto(z.object({ key: flagKey, userId })) {}
export class TenantUserFlagParams extends createZodDto(z.object({ tenantId: z.uuid(), key: flagKey, userId })) {}

export class ModuleChangeBody extends createZodDto(
  z
    .object({
      enabled: z.boolean(),
      cascade: z.boolean().default(false).describe('When disabling: also disable the enabled modules that require this one.'),
    })
    .strict(),
) {}

export class OverrideBody extends createZodDto(z.object({ value: flagValue }).strict()) {}

export class PlatformFlagPatchBody extends createZodDto(
  z
    .object({
      killed: z.boolean().optional().describe('The global kill switch: wins over every other rule.'),
      killReason: z.string().min(1).max(500).nullable().optional(),
      value: flagValue.nullable().optional().describe('Platform-wide value replacing the declared default; null clears it.'),
      rollout: z
        .object({
          percentage: z.number().min(0).max(100).refine((p) => Math.round(p * 100) === p * 100, { message: 'must have at most two decimals' }),
          stickiness: z.enum(['tenant', 'user']),
        })
        .strict()
        .nullable()
        .optional()
        .describe('Percentage rollout of a boolean flag; null removes it.'),
    })
    .strict()
    .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one of killed, killReason, value, rollout' }),
) {}
