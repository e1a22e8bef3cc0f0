import type { Type } from '@nestjs/common';
import type { z } from 'zod';
import type { Authenticator } from './authenticator';
import type { JobDeclaration, QueueDeclaration } from './jobs';
import type { ModuleMigration } from './migrations';

/** A Nest injection token: a class, a string or a symbol. */
export type InjectionToken<T = unknown> = Type<T> | string | symbol;

/** A module's own zod schema for its configuration namespace. */
export type ModuleConfigSchema = z.ZodObject<z.ZodRawShape>;

/**
 * The structured logger a module receives. Lines are JSON, carry the request id of the work in
 * progress and the module name, and never contain secrets (the platform redacts known secret fields).
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

/** An option of a {@link ModuleCommand}, given on the command line as `--name value` or `--flag`. */
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

/** The outcome of one health check. */
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

/** The built-in roles every tenant has. Tenants may define more roles of their own. */
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
 */
export interface ModuleHooks<TConfig = Record<string, unknown>> {
  onBoot?(ctx: ModuleContext<TConfig>): void | Promise<void>;
  onShutdown?(ctx: ModuleContext<TConfig>): void | Promise<void>;
}

/** An entity class (MikroORM decorators) or `EntitySchema` the module persists. */
export type ModuleEntity = abstract new (...args: never[]) => unknown;

/**
 * Everything a module contributes, in one place, so the platform can validate and introspect it.
 * Build it with {@link defineModule}.
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
  /** Commands the module adds to the platform CLI. */
  readonly commands?: readonly ModuleCommand<z.infer<TSchema>>[];
  /**
   * A provider of the module's Nest module that turns request credentials into a principal.
   * At most one loaded module may provide it (the auth module does).
   */
  readonly authenticator?: Type<Authenticator>;
  /** Queues of the module's jobs. A module with jobs always has a queue named after itself (declared or not). */
  readonly queues?: readonly QueueDeclaration[];
  /** Background job types, run by `apps/worker` on BullMQ with the tenant context restored. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own input and result types
  readonly jobs?: readonly JobDeclaration<any, any>[];
}

/** A validated, frozen definition as the registry sees it. */
export type ModuleDefinition<TSchema extends ModuleConfigSchema = ModuleConfigSchema> = Readonly<
  ModuleDefinitionInput<TSchema>
> & { readonly [MODULE_DEFINITION_BRAND]: true };

/**
 * The brand that tells the registry an export is a module definition. `Symbol.for` so that two copies
 * of the SDK (a third-party module built against another patch release) still recognise each other.
 */
export const MODULE_DEFINITION_BRAND: unique symbol = Symbol.for('tessera.module-definition') as never;
