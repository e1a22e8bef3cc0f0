import type { Type } from '@nestjs/common';
import type { z } from 'zod';
import type { Authenticator } from './authenticator';
import type { FlagDeclaration } from './feature-flags';
import type { JobDeclaration, QueueDeclaration } from './jobs';
import type { ModuleMigration } from './migrations';
import type { CustomFieldTargetDeclaration } from './custom-field-targets';
import type { SearchCollectionDeclaration } from './search';
import type { PersonalDataDeclaration } from './personal-data';
import type { ModuleEvents } from './domain-events';
import type { PlanEntitlementSource } from './plan-entitlements';

/**
 * A Nest injection token: a class, a string or a symbol.
 *
 * @example
 * ```ts
 * const token: InjectionToken<SearchIndexer> = SearchIndexer;
 * ctx.get(token);
 * ```
 */
export type InjectionToken<T = unknown> = Type<T> | string | symbol;

/**
 * A module's own zod schema for its configuration namespace. Keys are camelCase; each is read from the
 * environment variable `<MODULE>_<KEY_IN_UPPER_SNAKE>`.
 *
 * @example
 * ```ts
 * const config: ModuleConfigSchema = z.object({ importMaxRows: z.coerce.number().int().default(100_000) }); // CONTACTS_IMPORT_MAX_ROWS
 * ```
 */
export type ModuleConfigSchema = z.ZodObject<z.ZodRawShape>;

/**
 * The structured logger a module receives. Lines are JSON, carry the request id of the work in
 * progress and the module name, and never contain secrets (the platform redacts known secret fields).
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_LOGGER) private readonly logger: ModuleLogger) {}
 * this.logger.info({ rows: 1200 }, 'import finished');
 * ```
 */
export interface ModuleLogger {
  debug(message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
  info(message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * What a module's lifecycle hooks and health checks receive.
 *
 * @example
 * ```ts
 * hooks: {
 *   async onBoot(ctx) {
 *     ctx.logger.info({ region: ctx.config.defaultRegion }, 'contacts ready');
 *     await ctx.get(SearchIndexer).ensureIndex();
 *   },
 * }
 * ```
 */
export interface ModuleContext<TConfig = Record<string, unknown>> {
  /** The module's name. */
  readonly name: string;
  /** The module's validated configuration namespace. */
  readonly config: TConfig;
  /** A logger bound to the module. */
  readonly logger: ModuleLogger;
  /** Resolves a provider of the module's own Nest module (or one it imports). */
  get<T>(token: InjectionToken<T>): T;
  /**
   * Runs `fn` in a database transaction scoped to `tenantId` (row-level security and the ORM filter),
   * with the tenant in the request context: what the platform does for every request and job.
   */
  withTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in a database transaction with no tenant: platform tables only. */
  withoutTenant<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * An option of a {@link ModuleCommand}, given on the command line as `--name value` or `--flag`.
 *
 * @example
 * ```ts
 * options: { tenant: { type: 'string', description: 'Tenant id or slug', required: true }, dryRun: { type: 'boolean', description: 'Only report' } }
 * ```
 */
export interface ModuleCommandOption {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly required?: boolean;
}

/**
 * A command the module adds to the platform CLI (`npm run cli -- <name>`), e.g. to bootstrap data.
 * It runs against a booted platform (no HTTP, no job processing) as the `system` actor.
 *
 * @example
 * ```ts
 * commands: [{
 *   name: 'tickets:reindex',
 *   description: 'Rebuild the search index of one tenant.',
 *   options: { tenant: { type: 'string', description: 'Tenant id', required: true } },
 *   async run(ctx, options) {
 *     await ctx.withTenant(String(options.tenant), () => ctx.get(TicketIndexer).rebuild());
 *     return 'reindexed';
 *   },
 * }]
 * ```
 */
export interface ModuleCommand<TConfig = Record<string, unknown>> {
  /** `<module>:<verb>`, e.g. `auth:create-tenant`. */
  readonly name: string;
  readonly description: string;
  readonly options?: Readonly<Record<string, ModuleCommandOption>>;
  /** Returns what to print on success. Throw a `TesseraError` to fail with its message. */
  run(ctx: ModuleContext<TConfig>, options: Readonly<Record<string, string | boolean | undefined>>): Promise<string | void>;
}

/**
 * The outcome of one health check.
 *
 * @example
 * ```ts
 * const result: HealthCheckResult = { status: 'down', details: { lagSeconds: 340 } };
 * ```
 */
export interface HealthCheckResult {
  readonly status: 'up' | 'down';
  /** Extra facts for operators (counts, lag); never secrets. */
  readonly details?: Record<string, unknown>;
}

/**
 * A module's own readiness check, aggregated into `/health/ready`. A failing check of a critical
 * module makes the platform `down`; of a non-critical module, `degraded`.
 *
 * @example
 * ```ts
 * health: [{
 *   name: 'search-index',
 *   async check(ctx) {
 *     const lag = await ctx.get(SearchIndexer).lagSeconds();
 *     return { status: lag < 60 ? 'up' : 'down', details: { lagSeconds: lag } };
 *   },
 * }]
 * ```
 */
export interface ModuleHealthCheck<TConfig = Record<string, unknown>> {
  readonly name: string;
  check(ctx: ModuleContext<TConfig>): Promise<HealthCheckResult>;
  /** A check that takes longer than this counts as down. Default 2,000 ms. */
  readonly timeoutMs?: number;
}

/**
 * The built-in roles every tenant has. Tenants may define more roles of their own.
 *
 * @example
 * ```ts
 * const writers: BuiltInRole[] = ['owner', 'admin', 'member'];
 * ```
 */
export type BuiltInRole = 'owner' | 'admin' | 'member' | 'read-only';

/**
 * A permission a module's routes require. Keys are `<module>.<action>`, e.g. `contacts.write`.
 *
 * @example
 * ```ts
 * permissions: [
 *   { key: 'contacts.read', description: 'See contacts', defaultRoles: ['owner', 'admin', 'member', 'read-only'] },
 *   { key: 'contacts.write', description: 'Create, change and delete contacts', defaultRoles: ['owner', 'admin', 'member'] },
 * ]
 * ```
 */
export interface PermissionDeclaration {
  readonly key: string;
  readonly description: string;
  /** Built-in roles that hold this permission unless a tenant changes them. Default: owner and admin. */
  readonly defaultRoles?: readonly BuiltInRole[];
}

/**
 * Code the registry runs at fixed points of the module's life, in dependency order at boot and in
 * reverse order at shutdown. Put start-up work that can fail here, not in constructors: a
 * non-critical module whose `onBoot` throws is marked failed and the platform still starts.
 *
 * @example
 * ```ts
 * hooks: {
 *   onBoot: (ctx) => ctx.get(MailboxPoller).start(),
 *   onShutdown: (ctx) => ctx.get(MailboxPoller).stop(),
 * }
 * ```
 */
export interface ModuleHooks<TConfig = Record<string, unknown>> {
  onBoot?(ctx: ModuleContext<TConfig>): void | Promise<void>;
  onShutdown?(ctx: ModuleContext<TConfig>): void | Promise<void>;
  /**
   * Runs when the module is switched on for a tenant (by an admin, or because a module that depends on
   * it was switched on), inside that tenant's scope and in the same transaction as the change: throw and
   * the module stays off. Seed the tenant's defaults here; it may run again after a later disable.
   */
  onTenantEnable?(ctx: TenantModuleContext<TConfig>): void | Promise<void>;
  /**
   * Runs when the module is switched off for a tenant, inside that tenant's scope and transaction.
   * Stop what runs on the tenant's behalf; keep its data (the module may be switched on again).
   */
  onTenantDisable?(ctx: TenantModuleContext<TConfig>): void | Promise<void>;
}

/**
 * What the per-tenant hooks receive: the module's context, already inside the tenant's scope (the
 * injected EntityManager works on the tenant's rows within the transaction of the change).
 *
 * @example
 * ```ts
 * hooks: {
 *   async onTenantEnable(ctx) {
 *     await ctx.get(PipelineService).seedDefaultStages();
 *     ctx.logger.info({ tenantId: ctx.tenantId }, 'seeded default stages');
 *   },
 * }
 * ```
 */
export interface TenantModuleContext<TConfig = Record<string, unknown>> extends ModuleContext<TConfig> {
  readonly tenantId: string;
}

/**
 * Whether a tenant that has not chosen has the module on: `default-on` (the default) or `opt-in`
 * (off until an admin enables it). `always-on` modules cannot be switched off for any tenant (the
 * module that authenticates requests is always on). The `TENANT_DEFAULT_MODULES` setting replaces the
 * default-on/opt-in choice of every module with an explicit list.
 *
 * @example
 * ```ts
 * defineModule({ name: 'billing', enablement: 'opt-in' satisfies TenantEnablement, ... })
 * ```
 */
export type TenantEnablement = 'default-on' | 'opt-in' | 'always-on';

/**
 * An entity class (MikroORM decorators) the module persists.
 *
 * @example
 * ```ts
 * entities: [Ticket, TicketComment] satisfies ModuleEntity[]
 * ```
 */
export type ModuleEntity = abstract new (...args: never[]) => unknown;

/**
 * Everything a module contributes, in one place, so the platform can validate and introspect it.
 * Build it with {@link defineModule}.
 *
 * @example
 * ```ts
 * const input: ModuleDefinitionInput = { name: 'tickets', version: '1.0.0', platform: '^1.0.0' };
 * export const ticketsModule = defineModule(input);
 * ```
 */
export interface ModuleDefinitionInput<TSchema extends ModuleConfigSchema = ModuleConfigSchema> {
  /** Unique, kebab-case. Also the configuration namespace (`custom-fields` reads `CUSTOM_FIELDS_*`). */
  readonly name: string;
  /** The module's own semver version. */
  readonly version: string;
  /** Semver range of the platform kernel this module runs on, e.g. `^1.0.0`. */
  readonly platform: string;
  /** One sentence for the module list and the docs. */
  readonly description?: string;
  /**
   * May the platform boot without this module? Default `true` (a failure stops the boot). A
   * non-critical module that fails is marked failed; its routes answer 503 `MODULE_UNAVAILABLE`.
   */
  readonly critical?: boolean;
  /** Modules this one cannot run without, by name, with the semver range it needs. */
  readonly dependsOn?: Readonly<Record<string, string>>;
  /** Modules this one uses when present (and within range); their absence is not an error. */
  readonly optionalDependsOn?: Readonly<Record<string, string>>;
  /** The Nest module holding the module's controllers and providers. */
  readonly nestModule?: Type<unknown>;
  /** The module's configuration namespace, validated at boot with every other namespace. */
  readonly config?: TSchema;
  /** Permissions the module's routes require. */
  readonly permissions?: readonly PermissionDeclaration[];
  /** Readiness checks. */
  readonly health?: readonly ModuleHealthCheck<z.infer<TSchema>>[];
  /** Boot and shutdown hooks. */
  readonly hooks?: ModuleHooks<z.infer<TSchema>>;
  /** Entities the module persists (tenant-owned ones extend `TenantOwnedEntity`). */
  readonly entities?: readonly ModuleEntity[];
  /** Ordered SQL migrations; each runs once, in one transaction, recorded under the module's name. */
  readonly migrations?: readonly ModuleMigration[];
  /** Entity types of this module that tenant admins may extend with custom fields. */
  readonly customFieldTargets?: readonly CustomFieldTargetDeclaration[];
  /** Search collections the module indexes and queries through its `SEARCH_INDEX`. */
  readonly searchCollections?: readonly SearchCollectionDeclaration[];
  /** The personal data the module holds, and how to export and erase it for one data subject. */
  readonly personalData?: PersonalDataDeclaration;
  /** Domain events the module publishes, and those of its dependencies it subscribes to. */
  readonly events?: ModuleEvents;
  /** Commands the module adds to the platform CLI. */
  readonly commands?: readonly ModuleCommand<z.infer<TSchema>>[];
  /**
   * A provider of the module's Nest module that turns request credentials into a principal.
   * At most one loaded module may provide it (the auth module does).
   */
  readonly authenticator?: Type<Authenticator>;
  /** Feature flags the module reads through its `FEATURE_FLAGS` client; keys are `<module>.<name>`. */
  readonly flags?: readonly FlagDeclaration[];
  /** Whether tenants start with the module on. Default `default-on`. */
  readonly enablement?: TenantEnablement;
  /**
   * A provider of the module's Nest module that says what each plan grants (a billing module). At most
   * one loaded module may provide it; without one, the `PLAN_ENTITLEMENTS` setting does.
   */
  readonly planEntitlements?: Type<PlanEntitlementSource>;
  /** Queues of the module's jobs. A module with jobs always has a queue named after itself (declared or not). */
  readonly queues?: readonly QueueDeclaration[];
  /** Background job types, run by `apps/worker` on BullMQ with the tenant context restored. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own input and result types
  readonly jobs?: readonly JobDeclaration<any, any>[];
}

/**
 * A frozen definition as the registry sees it: what {@link defineModule} returns.
 *
 * @example
 * ```ts
 * const modules: ModuleDefinition[] = [contactsModule, ticketsModule];
 * ```
 */
export type ModuleDefinition<TSchema extends ModuleConfigSchema = ModuleConfigSchema> = Readonly<
  ModuleDefinitionInput<TSchema>
> & { readonly [MODULE_DEFINITION_BRAND]: true };

/**
 * The brand that tells the registry an export is a module definition. `Symbol.for` so that two copies
 * of the SDK (a third-party module built against another patch release) still recognise each other.
 */
export const MODULE_DEFINITION_BRAND: unique symbol = Symbol.for('tessera.module-definition') as never;
