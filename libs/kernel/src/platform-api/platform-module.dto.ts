import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const dependency = z.object({ name: z.string(), range: z.string(), present: z.boolean() });
const check = z.object({ status: z.enum(['up', 'down']), details: z.record(z.string(), z.unknown()).optional(), error: z.string().optional() });

export const platformModuleSchema = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string().nullable(),
  source: z.string().describe('"built-in" or the package it was loaded from'),
  platformRange: z.string(),
  critical: z.boolean(),
  state: z.enum(['registered', 'booting', 'running', 'failed', 'stopping', 'stopped']),
  error: z.string().nullable(),
  bootMs: z.number().nullable(),
  dependsOn: z.array(dependency),
  optionalDependsOn: z.array(dependency),
  health: z
    .object({
      state: z.string(),
      critical: z.boolean(),
      status: z.enum(['up', 'down']),
      checks: z.record(z.string(), check),
    })
    .nullable(),
  contributes: z.object({
    permissions: z.array(z.string()),
    entities: z.array(z.string()),
    migrations: z.array(z.string()),
    healthChecks: z.array(z.string()),
    configKeys: z.array(z.string()),
    providesAuthentication: z.boolean(),
    customFieldTargets: z.array(z.string()),
    searchCollections: z
      .array(
        z.object({
          name: z.string(),
          description: z.string(),
          fields: z.array(z.object({ name: z.string(), kind: z.enum(['text', 'email', 'phone', 'keyword']), weight: z.enum(['A', 'B', 'C', 'D']) })),
        }),
      )
      .describe('Search collections the module indexes through its SEARCH_INDEX'),
    events: z.object({ publishes: z.array(z.string()), subscribes: z.array(z.string()) }),
    personalData: z.array(z.string()).describe('Names of the personal data categories the module declares'),
    queues: z.array(z.string()),
    jobs: z.array(z.object({ name: z.string(), queue: z.string(), scope: z.enum(['tenant', 'platform']), schedule: z.string().nullable() })),
  }),
});

export type PlatformModuleView = z.infer<typeof platformModuleSchema>;

export class PlatformModuleListDto extends createZodDto(z.object({ data: z.array(platformModuleSchema) })) {}
