import { ConfigValidationError, platformConfigSchema, readEnvironment, resolveConfig, type ResolvedConfig } from '@tessera/config';
import { JobCatalog, type PlatformJobOwner } from '@tessera/jobs';
import { findTenantColumnOffenders } from '@tessera/persistence';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { platformJobOwners } from '../files/files-wiring';
import { KERNEL_TENANT_PERMISSIONS, PLATFORM_PERMISSIONS } from '../platform-permissions';
import { PLATFORM_VERSION } from '../platform-version';
import { checkRouteAccess, describeRoutes, type RouteDescription } from '../registry/check-route-access';
import { loadModulePackages } from '../registry/load-module-packages';
import type { LoadedModule } from '../registry/loaded-module';
import { ModuleRegistryError, type RegistryProblem } from '../registry/registry-problem';
import { resolveModuleGraph } from '../registry/resolve-module-graph';
import { controllersOf } from '../registry/nest-module-metadata';
import { Tenant } from '../tenancy/tenant.entity';
import { KERNEL_CONTROLLERS } from './root-module';
import { searchCollectionProblems } from '../search/search-collection-problems';

export interface PreparedModules {
  readonly config: ResolvedConfig;
  readonly order: readonly LoadedModule[];
  readonly routes: readonly RouteDescription[];
  /** Platform services' own queues and jobs (the file store's purge), run by the job layer beside the modules'. */
  readonly platformJobOwners: readonly PlatformJobOwner[];
}

/**
 * Everything that can be decided before touching a database: which modules load (built-in plus
 * MODULES), whether their configuration is valid (every problem at once), whether they form a bootable
 * graph, and whether every route declares who may call it.
 *
 * @throws ConfigValidationError or ModuleRegistryError, each listing every problem it found.
 */
export function prepareModules(
  builtIns: readonly ModuleDefinition[],
  env: Readonly<Record<string, string | undefined>> = readEnvironment(),
  cwd = process.cwd(),
): PreparedModules {
  const platform = platformConfigSchema.safeParse(env);
  // With an invalid platform namespace MODULES cannot be trusted: report built-ins' problems alongside.
  const extra = platform.success ? loadModulePackages(platform.data.MODULES, cwd) : [];
  const loaded: LoadedModule[] = [...builtIns.map((definition) => ({ definition, source: 'built-in' })), ...extra];
  const config = resolveConfig(
    env,
    loaded.filter(({ definition }) => definition.config).map(({ definition }) => ({ module: definition.name, schema: definition.config! })),
  );
  const order = resolveModuleGraph(loaded, PLATFORM_VERSION);

  const nestClasses = new Set(order.map(({ definition }) => definition.nestModule).filter(Boolean));
  const routes = [
    ...KERNEL_CONTROLLERS.flatMap((controller) => describeRoutes(controller, 'platform')),
    ...order.flatMap(({ definition }) =>
      definition.nestModule
        ? controllersOf(definition.nestModule, nestClasses).flatMap((controller) => describeRoutes(controller, definition.name))
        : [],
    ),
  ];
  const known = new Set([...PLATFORM_PERMISSIONS, ...KERNEL_TENANT_PERMISSIONS, ...order.flatMap(({ definition }) => definition.permissions ?? [])].map((p) => p.key));
  const problems = checkRouteAccess(routes, known);
  const authenticators = order.filter(({ definition }) => definition.authenticator);
  if (authenticators.length > 1) {
    problems.push({
      module: authenticators[1]!.definition.name,
      problem: `provides an authenticator, but so does "${authenticators[0]!.definition.name}"; only one module may authenticate requests.`,
      fix: 'load only one authentication module.',
    });
  }
  const entitlementSources = order.filter(({ definition }) => definition.planEntitlements);
  if (entitlementSources.length > 1) {
    problems.push({
      module: entitlementSources[1]!.definition.name,
      problem: `provides plan entitlements, but so does "${entitlementSources[0]!.definition.name}"; only one module may say what plans grant.`,
      fix: 'load only one billing module.',
    });
  }
  problems.push(...checkSubscriptions(order));
  const targetOwners = new Map<string, string>();
  for (const { definition } of order) {
    for (const target of definition.customFieldTargets ?? []) {
      const owner = targetOwners.get(target.name);
      if (owner) {
        problems.push({
          module: definition.name,
          problem: `declares the custom-field target "${target.name}", which "${owner}" declares too.`,
          fix: 'give each target a platform-unique name (e.g. prefix it with the module name).',
        });
      }
      targetOwners.set(target.name, definition.name);
    }
  }
  problems.push(...searchCollectionProblems(order));
  problems.push(...checkTenantColumns(order));
  const owners = platformJobOwners(config.platform);
  const jobCatalog = new JobCatalog([...order.map(({ definition }) => definition), ...owners]);
  problems.push(...jobCatalog.problems());
  if (problems.length > 0) throw new ModuleRegistryError(problems);
  const { unknown } = jobCatalog.select(config.platform.JOBS_QUEUES, config.platform.JOBS_EXCLUDE_QUEUES);
  if (unknown.length > 0) {
    const known = jobCatalog.queues().map((queue) => queue.name).join(', ') || 'none';
    throw new ConfigValidationError(
      unknown.map((name) => ({
        variable: config.platform.JOBS_QUEUES.includes(name) ? 'JOBS_QUEUES' : 'JOBS_EXCLUDE_QUEUES',
        namespace: 'platform',
        message: `"${name}" is neither a declared queue nor a module with jobs (queues: ${known}).`,
      })),
    );
  }
  return { config, order, routes, platformJobOwners: owners };
}

/**
 * An entity with a `tenant_id` column must extend TenantOwnedEntity: the tenant filter and the tenant stamp
 * find tenant-owned entities by that base class, so any other entity would get neither (only row-level
 * security would stand between tenants). Checked on the discovered ORM metadata, without a database.
 */
function checkTenantColumns(order: readonly LoadedModule[]): RegistryProblem[] {
  const owners = new Map(order.flatMap(({ definition }) => (definition.entities ?? []).map((entity) => [entity, definition.name] as const)));
  return findTenantColumnOffenders([Tenant, ...owners.keys()], owners).map(({ entity, table, module }) => ({
    module: module ?? 'platform',
    problem: `its entity ${entity} (table ${table}) maps a tenant_id column but does not extend TenantOwnedEntity, so neither the tenant filter nor the tenant stamp applies to it.`,
    fix: `make ${entity} extend TenantOwnedEntity from @tessera/module-sdk (it declares id, tenantId, createdAt and updatedAt; remove its own copies), or give the column another name if it does not name the owning tenant.`,
  }));
}

/**
 * A module subscribes only to events of modules it declares as dependencies (so the coupling is visible
 * in its definition), and only to events those modules publish.
 */
function checkSubscriptions(order: readonly LoadedModule[]): RegistryProblem[] {
  const byName = new Map(order.map(({ definition }) => [definition.name, definition]));
  const problems: RegistryProblem[] = [];
  for (const { definition } of order) {
    for (const { event } of definition.events?.subscribes ?? []) {
      const publisher = event.slice(0, event.indexOf('.'));
      const declared = publisher in (definition.dependsOn ?? {}) || publisher in (definition.optionalDependsOn ?? {});
      if (!declared) {
        problems.push({
          module: definition.name,
          problem: `subscribes to "${event}" of "${publisher}", which it does not declare as a dependency.`,
          fix: `add "${publisher}" to its dependsOn or optionalDependsOn.`,
        });
        continue;
      }
      const source = byName.get(publisher);
      if (source && !(source.events?.publishes ?? []).some((published) => published.name === event)) {
        problems.push({
          module: definition.name,
          problem: `subscribes to "${event}", which "${publisher}" does not publish.`,
          fix: `subscribe to one of the events "${publisher}" declares in events.publishes, or correct the name.`,
        });
      }
    }
  }
  return problems;
}
