import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import type { InjectionToken, ModuleContext, ModuleLogger } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { ModuleRuntime } from './module-registry';

/**
 * Builds the {@link ModuleContext} each module's hooks and health checks receive. `get` resolves from
 * the module's own Nest module first (so per-module tokens such as MODULE_CONFIG are the module's own).
 */
export class ModuleContexts {
  private app: INestApplicationContext | undefined;
  private nestModules: ReadonlyMap<string, DynamicModule> = new Map();
  private readonly cache = new Map<string, ModuleContext>();

  constructor(
    private readonly configOf: (name: string) => Readonly<Record<string, unknown>>,
    private readonly loggerOf: (name: string) => ModuleLogger,
  ) {}

  /** Called once the Nest application exists, with each module's composed Nest module. */
  attach(app: INestApplicationContext, nestModules: ReadonlyMap<string, DynamicModule>): void {
    this.app = app;
    this.nestModules = nestModules;
  }

  of(runtime: ModuleRuntime): ModuleContext {
    const name = runtime.definition.name;
    const cached = this.cache.get(name);
    if (cached) return cached;
    const context: ModuleContext = {
      name,
      config: this.configOf(name),
      logger: this.loggerOf(name),
      get: <T>(token: InjectionToken<T>): T => this.resolve<T>(name, token),
      withTenant: <T>(tenantId: string, fn: () => Promise<T>): Promise<T> => this.scope().run(tenantId, fn),
      withoutTenant: <T>(fn: () => Promise<T>): Promise<T> => this.scope().runWithoutTenant(fn),
    };
    this.cache.set(name, context);
    return context;
  }

  private scope(): TenantScope {
    if (!this.app) throw new Error('The application is not initialised yet: no database scope is available.');
    return this.app.get(TenantScope);
  }

  private resolve<T>(name: string, token: InjectionToken<T>): T {
    const nestModule = this.nestModules.get(name);
    if (!this.app || !nestModule) {
      throw new Error(`Module "${name}" has no Nest module (or the application is not initialised yet), so it has no providers to get.`);
    }
    const scoped = this.app.select(nestModule);
    try {
      return scoped.get<T>(token as never, { strict: true });
    } catch {
      return scoped.get<T>(token as never, { strict: false });
    }
  }
}
