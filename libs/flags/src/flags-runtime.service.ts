import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NOOP_PROVIDER, OpenFeature, type Client } from '@openfeature/server-sdk';
import {
  RequestContext,
  TesseraError,
  type FlagState,
  type FlagValue,
  type ModuleEnablement,
  type PlanEntitlementSource,
} from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import { FlagCatalog, type DeclaredFlag } from './catalog/flag-catalog';
import { TenantModuleGraph } from './enablement/tenant-module-graph';
import { checkEntitlements, ConfiguredEntitlements, grantsOf } from './entitlements/configured-entitlements';
import { evaluateFlag, explainFlag, type FlagEvaluation, type FlagExplanation } from './evaluation/flag-evaluator';
import { FLAGS_OPTIONS, type FlagsOptions } from './flags.options';
import { TesseraFlagProvider } from './openfeature/tessera-flag.provider';
import { FlagChangeBus, type FlagChange } from './propagation/flag-change.bus';
import type { GlobalFlagState, TenantState } from './state/flag-states';
import { FlagStateStore } from './state/flag-state.store';
import { TenantStateCache } from './state/tenant-state.cache';

/**
 * Checks TENANT_DEFAULT_MODULES and PLAN_ENTITLEMENTS against the loaded modules; throws an error naming
 * the problem and the fix. The kernel calls it before building the application (nothing to clean up yet).
 */
export function assertFlagsConfiguration(options: Pick<FlagsOptions, 'catalog' | 'defaultModules' | 'planEntitlements'>): string[] {
  const modules = options.catalog.modules();
  new TenantModuleGraph(modules, options.defaultModules);
  const { errors, warnings } = checkEntitlements(options.planEntitlements, new FlagCatalog(modules));
  if (errors.length > 0) throw new Error(`Tessera refuses to boot: ${errors.join('\n  ')}\n  Fix: correct PLAN_ENTITLEMENTS.`);
  return warnings;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Module enablement and flag evaluation for one platform instance, in memory: the platform-wide flag
 * settings (loaded at boot), each tenant's state (loaded on first use, bounded LRU with a TTL), the
 * Redis change bus that keeps every instance current, and this instance's OpenFeature domain.
 */
@Injectable()
export class FlagsRuntime implements ModuleEnablement, FlagState, OnApplicationBootstrap, OnApplicationShutdown {
  readonly catalog: FlagCatalog;
  readonly graph: TenantModuleGraph;
  readonly store: FlagStateStore;
  /** This instance's OpenFeature domain: clients of other platform instances in the process never see its provider. */
  readonly domain = `tessera-${randomUUID()}`;
  private readonly cache: TenantStateCache;
  /** The Redis change channel of this instance. */
  readonly bus: FlagChangeBus;
  private entitlements: PlanEntitlementSource;
  private global: GlobalFlagState = new Map();
  private globalLoads = 0;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(FLAGS_OPTIONS) private readonly options: FlagsOptions,
    orm: MikroORM,
    scope: TenantScope,
  ) {
    for (const warning of assertFlagsConfiguration(options)) options.logger.warn(warning);
    const modules = options.catalog.modules();
    this.catalog = new FlagCatalog(modules);
    this.graph = new TenantModuleGraph(modules, options.defaultModules);
    this.entitlements = new ConfiguredEntitlements(options.planEntitlements);
    this.store = new FlagStateStore(orm as MikroORM<PostgreSqlDriver>, scope);
    this.cache = new TenantStateCache(options.cache, (tenantId) => this.loadTenant(tenantId));
    this.bus = new FlagChangeBus(options.redis, `${options.redisPrefix}:flags:changes`, options.logger);
    OpenFeature.setProvider(this.domain, new TesseraFlagProvider(this));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reloadGlobal();
    await this.bus.start({
      onChange: (change) => this.apply(change, true),
      onResync: () => this.resync(),
    });
    // The safety net behind pub/sub: platform-wide settings are re-read once per cache TTL.
    this.refreshTimer = setInterval(() => void this.reloadGlobal().catch(() => undefined), this.options.cache.ttlMs);
    this.refreshTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.bus.stop();
    // OpenFeature cannot unbind a domain: bind the no-op provider so nothing holds this instance.
    OpenFeature.setProvider(this.domain, NOOP_PROVIDER);
  }

  /** A module's OpenFeature client, bound to this instance's domain. */
  clientFor(module: string): Client {
    const client = OpenFeature.getClient(this.domain);
    client.setContext({ module });
    const log = (level: 'error' | 'warn' | 'info' | 'debug') => (...args: unknown[]) =>
      this.options.logger[level]({ module, openFeature: args.slice(1).map(String) }, String(args[0]));
    client.setLogger({ error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') });
    return client;
  }

  /** Replaces the configured entitlements with a module's source (a billing module). */
  useEntitlementSource(source: PlanEntitlementSource): void {
    this.entitlements = source;
    this.cache.clear();
  }

  // ---- ModuleEnablement ----

  isEnabled(tenantId: string, module: string): boolean | Promise<boolean> {
    const state = this.cache.peek(tenantId);
    if (state) return state.enabled.has(module);
    return Promise.resolve(this.tenantState(tenantId)).then((loaded) => loaded.enabled.has(module));
  }

  // ---- FlagState ----

  async refresh(tenantId?: string): Promise<void> {
    await this.changed(tenantId ? { kind: 'tenant', tenantId } : { kind: 'all-tenants' });
  }

  /** Applies a committed change here, then tells the other instances. */
  async changed(change: FlagChange): Promise<void> {
    await this.apply(change, false);
    await this.bus.publish(change);
  }

  /** Drops what a change made stale without publishing (the admin services call it even on rollback). */
  forget(tenantId: string): void {
    this.cache.invalidate(tenantId);
  }

  // ---- evaluation ----

  globalState(): GlobalFlagState {
    return this.global;
  }

  tenantState(tenantId: string): TenantState | Promise<TenantState> {
    const cached = this.cache.peek(tenantId);
    if (cached) return cached;
    if (!UUID.test(tenantId)) throw new TesseraError('internal', 'TENANT_ID_INVALID', 'Flag state was requested for a tenant id that is not a UUID.');
    return this.cache.load(tenantId).catch((error: unknown) => {
      if (error instanceof TesseraError) throw error;
      this.options.logger.error({ err: { message: (error as Error).message }, tenantId }, 'could not load the module and flag state of a tenant');
      throw new TesseraError('unavailable', 'TENANT_SETTINGS_UNAVAILABLE', "The tenant's modules and flags could not be loaded; retry shortly.");
    });
  }

  /** The cached-case fast path: `undefined` when the tenant is not in memory yet. */
  evaluateCached(flag: DeclaredFlag, tenantId: string | undefined, userId: string | undefined): FlagEvaluation | undefined {
    if (tenantId === undefined) return evaluateFlag(flag, this.global.get(flag.key), undefined, userId);
    const tenant = this.cache.peek(tenantId);
    return tenant ? evaluateFlag(flag, this.global.get(flag.key), tenant, userId) : undefined;
  }

  evaluate(flag: DeclaredFlag, tenantId: string | undefined, userId: string | undefined): FlagEvaluation | Promise<FlagEvaluation> {
    const cached = this.evaluateCached(flag, tenantId, userId);
    if (cached) return cached;
    return Promise.resolve(this.tenantState(tenantId!)).then((tenant) => evaluateFlag(flag, this.global.get(flag.key), tenant, userId));
  }

  /** For the OpenFeature provider: the subject is the tenant and user of the request context. */
  evaluateInContext(flag: DeclaredFlag): FlagEvaluation | Promise<FlagEvaluation> {
    const context = RequestContext.current();
    const principal = context?.principal;
    return this.evaluate(flag, context?.tenantId, principal?.kind === 'user' ? principal.id : undefined);
  }

  async explain(flag: DeclaredFlag, tenantId: string | undefined, userId: string | undefined): Promise<FlagExplanation> {
    const tenant = tenantId === undefined ? undefined : await this.tenantState(tenantId);
    return explainFlag(flag, this.global.get(flag.key), tenant, userId);
  }

  /** Evaluates every flag of the tenant's enabled modules (the capability list). */
  async evaluateAll(tenantId: string, userId: string | undefined): Promise<Record<string, FlagValue>> {
    const tenant = await this.tenantState(tenantId);
    const values: Record<string, FlagValue> = {};
    for (const flag of this.catalog.all) {
      if (tenant.enabled.has(flag.module)) values[flag.key] = evaluateFlag(flag, this.global.get(flag.key), tenant, userId).value;
    }
    return values;
  }

  // ---- loading ----

  private async loadTenant(tenantId: string): Promise<TenantState> {
    const stored = await this.store.loadTenant(tenantId);
    const entitlements = stored.plan === null ? {} : await this.entitlements.entitlementsOf(stored.plan, tenantId);
    const tenantOverrides = new Map<string, FlagValue>();
    const userOverrides = new Map<string, Map<string, FlagValue>>();
    for (const { flagKey, userId, value } of stored.overrides) {
      const flag = this.catalog.get(flagKey);
      if (!flag || !this.catalog.accepts(flag, value)) continue; // a flag that was removed or changed type
      if (userId === null) tenantOverrides.set(flagKey, value);
      else {
        let byUser = userOverrides.get(flagKey);
        if (!byUser) userOverrides.set(flagKey, (byUser = new Map()));
        byUser.set(userId, value);
      }
    }
    return {
      tenantId,
      exists: stored.exists,
      plan: stored.plan,
      moduleChoices: stored.moduleChoices,
      enabled: this.graph.effective(stored.moduleChoices),
      tenantOverrides,
      userOverrides,
      grants: grantsOf(entitlements, this.catalog),
    };
  }

  private async reloadGlobal(): Promise<void> {
    const load = ++this.globalLoads;
    const state = await this.store.loadGlobal();
    if (load === this.globalLoads) this.global = state; // a later reload started meanwhile: it wins
  }

  private async apply(change: FlagChange, fromPeer: boolean): Promise<void> {
    try {
      if (change.kind === 'global') {
        await this.reloadGlobal();
      } else if (change.kind === 'all-tenants') {
        this.cache.clear();
      } else if (this.cache.invalidate(change.tenantId) && fromPeer) {
        // It was in use here: load it again now, so the next request does not wait.
        void this.cache.load(change.tenantId).catch(() => undefined);
      }
    } catch (error) {
      this.options.logger.error({ err: { message: (error as Error).message }, change }, 'could not apply a flag change');
    }
  }

  private resync(): void {
    this.cache.clear();
    void this.reloadGlobal().catch((error: Error) => this.options.logger.error({ err: { message: error.message } }, 'could not reload flag settings'));
  }
}
