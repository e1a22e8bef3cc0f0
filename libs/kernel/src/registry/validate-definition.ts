import semver from 'semver';
import { z } from 'zod';
import type { RegistryProblem } from './registry-problem';
import type { LoadedModule } from './loaded-module';
import { RESERVED_MODULE_NAMES } from './reserved-names';

export const MODULE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MIGRATION_NAME_PATTERN = /^[0-9a-z][0-9a-z._-]*$/;
const BUILT_IN_ROLES = ['owner', 'admin', 'member', 'read-only'] as const;

const fn = (what: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: `must be ${what}` });
const range = z.string().refine((v) => semver.validRange(v) !== null, { message: 'must be a valid semver range such as ^1.0.0' });
const name = z.string().regex(MODULE_NAME_PATTERN, 'must be kebab-case: lower-case letters and digits separated by single dashes');

const KEBAB = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const QUEUE_NAME_PATTERN = new RegExp(`^${KEBAB}(?:\\.${KEBAB})?$`);
const JOB_NAME_PATTERN = new RegExp(`^${KEBAB}\\.${KEBAB}$`);
const zodSchema = (what: string) =>
  z.custom<z.ZodType>((v) => typeof v === 'object' && v !== null && typeof (v as { safeParse?: unknown }).safeParse === 'function', {
    message: `must be ${what}`,
  });
const queueShape = z.object({
  name: z.string().regex(QUEUE_NAME_PATTERN, 'must look like "<module>" or "<module>.<name>" (kebab-case)'),
  description: z.string().max(300).optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
});
const searchCollectionShape = z.object({
  name: z.string().max(100).regex(QUEUE_NAME_PATTERN, 'must look like "<module>" or "<module>.<name>" (kebab-case)'),
  description: z.string().min(1, 'must not be empty').max(300),
  fields: z
    .record(
      z.string().regex(/^[a-z][a-zA-Z0-9_]{0,49}$/, 'must be a camelCase field name of at most 50 characters'),
      z.object({ kind: z.enum(['text', 'email', 'phone', 'keyword']), weight: z.enum(['A', 'B', 'C', 'D']).optional() }).strict(),
    )
    .refine((fields) => Object.keys(fields).length >= 1 && Object.keys(fields).length <= 32, { message: 'must declare 1 to 32 fields' }),
});
const jobShape = z.object({
  name: z.string().regex(JOB_NAME_PATTERN, 'must look like "<module>.<job>" (kebab-case)'),
  queue: z.string().optional(),
  description: z.string().max(300).optional(),
  handler: fn('an injectable class (a provider of the module\'s Nest module)'),
  input: zodSchema('a zod schema').optional(),
  scope: z.enum(['tenant', 'platform']).optional(),
  transaction: z.enum(['job', 'step']).optional(),
  attempts: z.number().int().min(1).max(100).optional(),
  backoff: z
    .object({
      delayMs: z.number().int().min(0).max(86_400_000).optional(),
      maxDelayMs: z.number().int().min(0).max(7 * 86_400_000).optional(),
      jitter: z.number().min(0).max(1).optional(),
    })
    .optional(),
  timeoutMs: z.number().int().min(100).max(7 * 86_400_000).optional(),
  version: z.number().int().min(1).max(1_000_000).optional(),
  upgrade: fn('a function').optional(),
  schedule: z.object({ cron: z.string().min(1), timezone: z.string().min(1).optional(), input: z.unknown().optional() }).optional(),
});

const definitionShape = z.object({
  name: name.max(50, 'must be at most 50 characters'),
  version: z.string().refine((v) => semver.valid(v) !== null, { message: 'must be a valid semver version such as 1.0.0' }),
  platform: range,
  description: z.string().max(300).optional(),
  critical: z.boolean().optional(),
  dependsOn: z.record(name, range).optional(),
  optionalDependsOn: z.record(name, range).optional(),
  nestModule: fn('a Nest module class').optional(),
  config: z
    .custom<z.ZodObject>((v) => typeof v === 'object' && v !== null && 'shape' in v && typeof (v as { safeParse?: unknown }).safeParse === 'function', {
      message: 'must be a zod object schema (z.object({...}))',
    })
    .optional(),
  permissions: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must look like "<module>.<action>"'),
        description: z.string().min(1, 'must not be empty'),
        defaultRoles: z.array(z.enum(BUILT_IN_ROLES)).optional(),
      }),
    )
    .optional(),
  health: z.array(z.object({ name: z.string().min(1), check: fn('a function'), timeoutMs: z.number().int().positive().optional() })).optional(),
  hooks: z
    .object({
      onBoot: fn('a function').optional(),
      onShutdown: fn('a function').optional(),
      onTenantEnable: fn('a function').optional(),
      onTenantDisable: fn('a function').optional(),
    })
    .optional(),
  entities: z.array(fn('an entity class')).optional(),
  migrations: z
    .array(
      z.object({
        name: z.string().regex(MIGRATION_NAME_PATTERN, 'must be lower-case letters, digits, ".", "_" or "-"'),
        up: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      }),
    )
    .optional(),
  authenticator: fn('an injectable class').optional(),
  events: z
    .object({
      publishes: z
        .array(z.object({ name: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, 'must look like "<module>.<entity>-<past-tense verb>"'), description: z.string().min(1) }))
        .optional(),
      subscribes: z.array(z.object({ event: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, 'must name an event as "<module>.<event>"'), handler: fn('an injectable class') })).optional(),
    })
    .optional(),
  customFieldTargets: z
    .array(
      z.object({
        name: name.max(50),
        description: z.string().min(1),
        table: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case SQL identifier'),
        column: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case SQL identifier'),
      }),
    )
    .optional(),
  searchCollections: z.array(searchCollectionShape).max(20, 'must declare at most 20 collections').optional(),
  personalData: z
    .object({
      categories: z
        .array(
          z.object({
            name: z.string().min(1),
            description: z.string().min(1),
            purpose: z.string().min(1),
            lawfulBasis: z.enum(['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests']),
            retention: z.string().min(1),
            fields: z.array(z.string().min(1)).min(1),
          }),
        )
        .min(1, 'must list at least one category'),
      provider: fn('an injectable class implementing PersonalDataProvider'),
    })
    .optional(),
  flags: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must look like "<module>.<name>"').max(100),
        type: z.enum(['release', 'operational', 'kill-switch', 'permission', 'experiment']),
        default: z.union([z.boolean(), z.string().max(1000), z.number().finite()], { message: 'must be a boolean, a string or a finite number' }),
        description: z.string().min(1, 'must not be empty').max(500),
        tenantAdjustable: z.boolean().optional(),
      }),
    )
    .optional(),
  enablement: z.enum(['default-on', 'opt-in', 'always-on']).optional(),
  planEntitlements: fn('an injectable class').optional(),
  commands: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/, 'must look like "<module>:<verb>"'),
        description: z.string().min(1),
        options: z.record(z.string(), z.object({ type: z.enum(['string', 'boolean']), description: z.string(), required: z.boolean().optional() })).optional(),
        run: fn('a function'),
      }),
    )
    .optional(),
  queues: z.array(queueShape).optional(),
  jobs: z.array(jobShape).optional(),
});

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((v) => (seen.has(v) ? true : (seen.add(v), false))))];
}

/** Checks one definition's shape and its internal consistency. Never throws; returns problems. */
export function validateDefinition({ definition, source }: LoadedModule): RegistryProblem[] {
  const label = typeof definition.name === 'string' && definition.name ? definition.name : `<unnamed from ${source}>`;
  const fix = `correct the defineModule({...}) call of "${label}" (${source}).`;
  const parsed = definitionShape.safeParse(definition);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      module: label,
      problem: `definition field "${issue.path.join('.') || '(root)'}" ${issue.message}.`,
      fix,
    }));
  }
  const def = parsed.data;
  const problems: RegistryProblem[] = [];
  const reservedFor = RESERVED_MODULE_NAMES.get(def.name);
  if (reservedFor) {
    problems.push({
      module: def.name,
      problem: `the name "${def.name}" is reserved by the platform, for ${reservedFor}.`,
      fix: `choose another module name; reserved: ${[...RESERVED_MODULE_NAMES.keys()].sort().join(', ')}.`,
    });
  }
  for (const permission of def.permissions ?? []) {
    if (!permission.key.startsWith(`${def.name}.`)) {
      problems.push({
        module: def.name,
        problem: `permission "${permission.key}" is outside the module's namespace.`,
        fix: `name it "${def.name}.<action>".`,
      });
    }
  }
  for (const key of duplicates((def.permissions ?? []).map((p) => p.key))) {
    problems.push({ module: def.name, problem: `permission "${key}" is declared twice.`, fix: 'declare each permission once.' });
  }
  for (const migration of duplicates((def.migrations ?? []).map((m) => m.name))) {
    problems.push({ module: def.name, problem: `migration "${migration}" is declared twice.`, fix: 'give every migration a unique name.' });
  }
  for (const event of def.events?.publishes ?? []) {
    if (!event.name.startsWith(`${def.name}.`)) {
      problems.push({ module: def.name, problem: `publishes "${event.name}", outside the module's namespace.`, fix: `name it "${def.name}.<entity>-<verb>".` });
    }
  }
  for (const command of def.commands ?? []) {
    if (!command.name.startsWith(`${def.name}:`)) {
      problems.push({ module: def.name, problem: `command "${command.name}" is outside the module's namespace.`, fix: `name it "${def.name}:<verb>".` });
    }
  }
  for (const flag of def.flags ?? []) {
    if (!flag.key.startsWith(`${def.name}.`)) {
      problems.push({ module: def.name, problem: `flag "${flag.key}" is outside the module's namespace.`, fix: `name it "${def.name}.<name>".` });
    }
  }
  for (const key of duplicates((def.flags ?? []).map((f) => f.key))) {
    problems.push({ module: def.name, problem: `flag "${key}" is declared twice.`, fix: 'declare each flag once.' });
  }
  for (const check of duplicates((def.health ?? []).map((h) => h.name))) {
    problems.push({ module: def.name, problem: `health check "${check}" is declared twice.`, fix: 'give every health check a unique name.' });
  }
  problems.push(...jobProblems(def));
  for (const dep of Object.keys(def.dependsOn ?? {})) {
    if (dep === def.name) continue; // reported as a cycle
    if (def.optionalDependsOn && dep in def.optionalDependsOn) {
      problems.push({
        module: def.name,
        problem: `"${dep}" is listed in both dependsOn and optionalDependsOn.`,
        fix: 'keep it in one of the two.',
      });
    }
  }
  return problems;
}

/** Queues and jobs stay in the module's namespace, and every job names a queue of its own module. */
function jobProblems(def: z.infer<typeof definitionShape>): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const queues = (def.queues ?? []).map((q) => q.name);
  for (const queue of queues) {
    if (queue !== def.name && !queue.startsWith(`${def.name}.`)) {
      problems.push({ module: def.name, problem: `queue "${queue}" is outside the module's namespace.`, fix: `name it "${def.name}" or "${def.name}.<name>".` });
    }
  }
  for (const queue of duplicates(queues)) {
    problems.push({ module: def.name, problem: `queue "${queue}" is declared twice.`, fix: 'declare each queue once.' });
  }
  const known = new Set([def.name, ...queues]);
  for (const job of def.jobs ?? []) {
    if (!job.name.startsWith(`${def.name}.`)) {
      problems.push({ module: def.name, problem: `job "${job.name}" is outside the module's namespace.`, fix: `name it "${def.name}.<job>".` });
    }
    if (job.queue !== undefined && !known.has(job.queue)) {
      problems.push({
        module: def.name,
        problem: `job "${job.name}" uses queue "${job.queue}", which the module does not declare.`,
        fix: `declare it in queues: [{ name: '${job.queue}' }], or omit "queue" to use the module's default queue "${def.name}".`,
      });
    }
    if (job.transaction === 'step' && job.scope === 'platform') {
      problems.push({ module: def.name, problem: `job "${job.name}" is a platform job with transaction "step".`, fix: 'steps are recorded per tenant: use scope "tenant", or transaction "job".' });
    }
  }
  for (const job of duplicates((def.jobs ?? []).map((j) => j.name))) {
    problems.push({ module: def.name, problem: `job "${job}" is declared twice.`, fix: 'declare each job once.' });
  }
  return problems;
}
