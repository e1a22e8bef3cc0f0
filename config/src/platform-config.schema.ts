import { z } from 'zod';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const planEntitlements = z
  .string()
  .default('{}')
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"pro":{"flags":{"contacts.bulk-merge":true}}}' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().min(1).max(100),
      z
        .object({
          flags: z.record(z.string(), z.union([z.boolean(), z.string().max(1000)])).optional(),
          limits: z.record(z.string(), z.number().finite()).optional(),
        })
        .strict(),
    ),
  );

/**
 * The platform's own configuration namespace. Keys are the environment variable names themselves;
 * module namespaces are prefixed with the module name (see `moduleEnvKey`).
 */
export const platformConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server binds to.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of apps/api.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Minimum level of the JSON log lines.'),
  MODULES: commaList.describe(
    'Extra (third-party) modules to load, by npm package name or path, comma-separated. Built-in modules always load.',
  ),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']).describe(
    'PostgreSQL URL of the application role (not a superuser, no BYPASSRLS). Empty: start an embedded PostgreSQL.',
  ),
  DATABASE_MIGRATION_URL: optionalUrl(['postgres', 'postgresql']).describe(
    'PostgreSQL URL of the role that owns the schema and runs migrations. Required with DATABASE_URL when migrating.',
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections per process.'),
  MIGRATE_ON_BOOT: z.stringbool().default(true).describe('Run pending module migrations when a process starts.'),
  EMBEDDED_POSTGRES_DIR: z
    .string()
    .min(1)
    .default('.tessera/postgres')
    .describe('Data directory of the embedded PostgreSQL used when DATABASE_URL is empty.'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329).describe('Port of the embedded PostgreSQL.'),
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((value) => value.startsWith('redis://') || value.startsWith('rediss://'), {
      message: 'must be a URL starting with redis:// or rediss://',
    })
    .describe('Redis URL for queues, flag updates, rate limits and caches.'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:_-]{0,40}$/, 'must be 1-41 lower-case letters, digits, ":", "_" or "-"')
    .default('tessera')
    .describe('Prefix of every Redis key and channel, so several deployments can share one Redis.'),
  CORS_ORIGINS: commaList.describe('Origins allowed to call the API from a browser, comma-separated. Empty: none.'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must look like 512kb or 1mb')
    .default('1mb')
    .describe('Largest accepted request body.'),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0).describe('Number of reverse proxies in front of the API.'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000).describe(
    'Upper bound of a graceful shutdown; past it the process exits anyway.',
  ),
  MODULE_BOOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000).describe(
    "Upper bound of one module's onBoot hook.",
  ),
  HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000).describe(
    'Default upper bound of one readiness check.',
  ),
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .describe('When set, GET /metrics requires "Authorization: Bearer <token>".'),
  DOCS_ENABLED: z.stringbool().default(true).describe('Serve the OpenAPI UI at /docs and the document at /docs-json.'),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe(
    'Port of the worker\'s own /health/live and /health/ready endpoints.',
  ),
  TENANT_DEFAULT_MODULES: commaList.describe(
    'Modules a tenant has until it chooses, comma-separated (their required modules come along). Empty: every module whose definition is not opt-in.',
  ),
  PLAN_ENTITLEMENTS: planEntitlements.describe(
    'What each plan grants until a billing module does, as JSON: {"<plan>":{"flags":{"<flag>":true},"limits":{"<flag>":1000}}}.',
  ),
  FLAGS_CACHE_MAX_TENANTS: z.coerce.number().int().min(100).max(10_000_000).default(10_000).describe(
    'Tenants whose module and flag state each process keeps in memory (least recently used ones are dropped).',
  ),
  FLAGS_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60).describe(
    'Upper bound on how long a process may serve flag state after a missed change message.',
  ),
  JOBS_QUEUES: commaList.describe(
    'Queues (or modules, meaning all their queues) a worker processes, comma-separated. Empty: all. Run workers per queue to scale queues apart.',
  ),
  JOBS_EXCLUDE_QUEUES: commaList.describe('Queues (or modules) a worker leaves to other workers, comma-separated.'),
  JOBS_INLINE: z.stringbool().default(false).describe('apps/api also runs job processors (development only; production runs apps/worker).'),
  JOBS_CONCURRENCY: z
    .string()
    .default('')
    .refine((value) => value.trim() === '' || value.split(',').every((entry) => /^\s*[a-z][a-z0-9.-]*=\d{1,4}\s*$/.test(entry)), {
      message: 'must look like "contacts.import=4,billing=2"',
    })
    .describe('Per-queue concurrency overrides of one worker process, e.g. "contacts.import=4,billing=2".'),
  JOBS_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000).describe(
    'How long a worker holds a job without renewing its lock; a worker that dies loses its jobs to others after this.',
  ),
  JOBS_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000).describe(
    'How often workers look for jobs whose worker died (stalled), to run them again.',
  ),
  JOBS_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(100).default(2).describe(
    'Times a job may stall (its worker died) before it fails instead of running again.',
  ),
  JOBS_COMPLETED_RETENTION_SECONDS: z.coerce.number().int().min(60).max(90 * 86_400).default(86_400).describe(
    'How long completed jobs are kept (their status stays readable, and an idempotency key keeps matching them).',
  ),
  JOBS_FAILED_RETENTION_SECONDS: z.coerce.number().int().min(60).max(365 * 86_400).default(7 * 86_400).describe(
    'How long failed jobs are kept in their queue (dead letters stay until an operator replays or discards them).',
  ),
  JOBS_MAX_INPUT_BYTES: z.coerce.number().int().min(1_024).max(16 * 1_048_576).default(262_144).describe(
    'Largest job input (JSON); store larger data in tables and pass its id.',
  ),
  JOBS_MAX_RESULT_BYTES: z.coerce.number().int().min(1_024).max(16 * 1_048_576).default(1_048_576).describe('Largest job result (JSON).'),
  JOBS_DASHBOARD_ENABLED: z.stringbool().default(true).describe('Serve the queue dashboard (bull-board) to platform operators.'),
  JOBS_DASHBOARD_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900).describe(
    'Lifetime of a queue dashboard session cookie.',
  ),
  JOBS_FAIR_QUANTUM: z.coerce.number().int().min(1).max(1_000).default(1).describe(
    'Jobs of one tenant that share a fairness round (1: strict round-robin between tenants).',
  ),
  FILES_MAX_BYTES: z.coerce.number().int().min(1).max(10 * 1_073_741_824).default(104_857_600).describe(
    'Largest file the file store accepts (413 FILE_TOO_LARGE above it); a module may ask for less, never more.',
  ),
  FILES_CHUNK_BYTES: z.coerce.number().int().min(16_384).max(8_388_608).default(262_144).describe(
    'Size of the chunks file content is stored and streamed in; changing it affects new files only.',
  ),
  FILES_DEFAULT_TTL_SECONDS: z.coerce.number().int().min(60).max(3_660 * 86_400).default(7 * 86_400).describe(
    'Lifetime of a stored file whose module gave none; expired files are invisible at once and purged by the files.purge-expired job.',
  ),
  FILES_PURGE_SCHEDULE: z.string().min(1).max(100).default('*/10 * * * *').describe(
    'Cron pattern (UTC) of the platform job that deletes expired files.',
  ),
  SEARCH_BACKEND: z
    .enum(['postgres', 'elasticsearch'])
    .default('postgres')
    .describe('Search backend of every tenant not listed in SEARCH_ELASTICSEARCH_TENANTS: PostgreSQL full-text search, or Elasticsearch.'),
  SEARCH_ELASTICSEARCH_TENANTS: commaList
    .pipe(z.array(z.uuid({ message: 'must list tenant ids (UUIDs), comma-separated' })))
    .describe('Tenant ids whose search runs on Elasticsearch while SEARCH_BACKEND stays postgres (large tenants). Rebuild their collections after a change.'),
  SEARCH_ELASTICSEARCH_URL: optionalUrl(['http', 'https']).describe(
    'Elasticsearch URL (credentials may be in it). Required when any tenant uses Elasticsearch; when set, readiness checks the cluster.',
  ),
  SEARCH_ELASTICSEARCH_API_KEY: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .describe('Elasticsearch API key (base64 "id:key" as Elasticsearch issues it), instead of credentials in the URL.'),
  SEARCH_ELASTICSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'must be 1-41 lower-case letters, digits, "_" or "-", starting with a letter or digit')
    .default('tessera')
    .describe('Prefix of the index names (<prefix>-<collection>), so several deployments can share a cluster.'),
  SEARCH_ELASTICSEARCH_REFRESH: z
    .enum(['false', 'wait_for'])
    .default('false')
    .describe('"wait_for": an Elasticsearch write returns once searches see it (slower writes); "false": within the refresh interval (about 1 s).'),
  SEARCH_ELASTICSEARCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('Upper bound of one Elasticsearch request.'),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && !config.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'is required in production (the embedded PostgreSQL is only for quick starts and tests)',
    });
  }
  if (!config.SEARCH_ELASTICSEARCH_URL && (config.SEARCH_BACKEND === 'elasticsearch' || config.SEARCH_ELASTICSEARCH_TENANTS.length > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['SEARCH_ELASTICSEARCH_URL'],
      message:
        config.SEARCH_BACKEND === 'elasticsearch'
          ? 'is required with SEARCH_BACKEND=elasticsearch (or set SEARCH_BACKEND=postgres)'
          : 'is required while SEARCH_ELASTICSEARCH_TENANTS lists tenants (or empty that list)',
    });
  }
  if (config.SEARCH_BACKEND === 'elasticsearch' && config.SEARCH_ELASTICSEARCH_TENANTS.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['SEARCH_ELASTICSEARCH_TENANTS'],
      message: 'must be empty with SEARCH_BACKEND=elasticsearch: every tenant already uses Elasticsearch',
    });
  }
  if (config.DATABASE_URL && config.MIGRATE_ON_BOOT && !config.DATABASE_MIGRATION_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_MIGRATION_URL'],
      message: 'is required with DATABASE_URL while MIGRATE_ON_BOOT is true (migrations run as the schema owner, not the application role)',
    });
  }
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
