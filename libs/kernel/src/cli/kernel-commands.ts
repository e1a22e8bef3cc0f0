import { AuditVerifierService } from '@tessera/audit';
import { readEnvironment } from '@tessera/config';
import type { ModuleCommandOption, ModuleDefinition } from '@tessera/module-sdk';
import { provisionDatabase, redactUrl } from '@tessera/persistence';
import { createLogger } from '../logging/create-logger';
import { createPlatform } from '../bootstrap/create-platform';
import { migrate, migrationPlan, openDatabase } from '../bootstrap/open-database';
import { prepareModules } from '../bootstrap/prepare-modules';
import { TenantsService } from '../tenancy/tenants.service';

/** A command of the platform itself (modules add theirs through their definitions). */
export interface KernelCommand {
  readonly name: string;
  readonly description: string;
  readonly options?: Readonly<Record<string, ModuleCommandOption>>;
  run(options: Readonly<Record<string, string | boolean | undefined>>, builtIns: readonly ModuleDefinition[]): Promise<string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const KERNEL_COMMANDS: readonly KernelCommand[] = [
  {
    name: 'migrate',
    description: 'Apply pending migrations of the platform and every loaded module, in dependency order.',
    async run(_options, builtIns) {
      const env = readEnvironment();
      const { config, order } = prepareModules(builtIns, env);
      const logger = createLogger({ level: 'warn' });
      const database = await openDatabase(config.platform, process.cwd(), logger);
      try {
        const report = await migrate(database, migrationPlan(order), logger);
        const lines = report.applied.map((m) => `applied ${m.module}/${m.name} (${m.durationMs} ms)`);
        return [...lines, `${report.applied.length} applied, ${report.alreadyApplied} already applied.`].join('\n');
      } finally {
        await database.embedded?.stop();
      }
    },
  },
  {
    name: 'modules:list',
    description: 'Validate the module set and print it in boot order (no database needed).',
    async run(_options, builtIns) {
      const { order } = prepareModules(builtIns, readEnvironment());
      return order
        .map(({ definition: d, source }) => {
          const deps = Object.entries(d.dependsOn ?? {}).map(([n, r]) => `${n}@${r}`);
          return `${d.name}@${d.version} (${source})${deps.length ? ` depends on ${deps.join(', ')}` : ''}`;
        })
        .join('\n');
    },
  },
  {
    name: 'db:provision',
    description:
      'Create the roles and database named in DATABASE_URL (application role) and DATABASE_MIGRATION_URL (owner), using DATABASE_ADMIN_URL (a superuser). Idempotent.',
    async run() {
      const env = readEnvironment();
      const [admin, app, owner] = [env.DATABASE_ADMIN_URL, env.DATABASE_URL, env.DATABASE_MIGRATION_URL];
      if (!admin || !app || !owner) {
        throw new Error('db:provision needs DATABASE_ADMIN_URL, DATABASE_URL and DATABASE_MIGRATION_URL to be set.');
      }
      const appUrl = new URL(app);
      const ownerUrl = new URL(owner);
      const database = decodeURIComponent(appUrl.pathname.slice(1));
      await provisionDatabase({
        adminUrl: admin,
        database,
        roles: { owner: decodeURIComponent(ownerUrl.username), app: decodeURIComponent(appUrl.username) },
        passwords: { owner: decodeURIComponent(ownerUrl.password) || undefined, app: decodeURIComponent(appUrl.password) || undefined },
      });
      return `provisioned database "${database}" on ${redactUrl(admin)}: owner "${decodeURIComponent(ownerUrl.username)}", application role "${decodeURIComponent(appUrl.username)}".`;
    },
  },
  {
    name: 'audit:verify',
    description: "Verify a tenant's audit chain (--tenant <id or slug>) or the platform chain (--platform).",
    options: {
      tenant: { type: 'string', description: 'Tenant id or slug' },
      platform: { type: 'boolean', description: 'Verify the platform chain instead' },
    },
    async run(options, builtIns) {
      if (!options.tenant && !options.platform) throw new Error('Give --tenant <id or slug> or --platform.');
      const platform = await createPlatform({ role: 'cli', modules: builtIns, env: { ...readEnvironment(), LOG_LEVEL: 'warn' } });
      try {
        let tenantId: string | null = null;
        if (options.tenant) {
          const given = String(options.tenant);
          const tenant = UUID.test(given) ? await platform.app.get(TenantsService).get(given) : await platform.app.get(TenantsService).findBySlug(given);
          if (!tenant) throw new Error(`No tenant with the slug "${given}".`);
          tenantId = tenant.id;
        }
        const result = await platform.app.get(AuditVerifierService).verify(tenantId);
        const chain = tenantId ? `tenant ${tenantId}` : 'platform';
        if (!result.valid) {
          throw new Error(`audit chain of ${chain} is BROKEN at entry ${result.problem!.seq}: ${result.problem!.reason} (${result.checked} entries verified before it).`);
        }
        return `audit chain of ${chain} is intact: ${result.checked} entries, head ${result.head ? `${result.head.seq}:${result.head.hash}` : 'none'}.`;
      } finally {
        await platform.close('cli');
      }
    },
  },
];
