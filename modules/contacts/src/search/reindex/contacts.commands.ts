import { JOB_QUEUE, NotFoundError, TENANT_DIRECTORY, type JobQueue, type ModuleCommand, type TenantDirectory, type TenantRecord } from '@tessera/module-sdk';
import type { ContactsConfig } from '../../contacts.config';
import { ContactReindexer } from './contact-reindexer.service';
import { reindexContacts } from './reindex-contacts.job';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function tenantNamed(tenants: TenantDirectory, idOrSlug: string): Promise<TenantRecord> {
  const tenant = UUID.test(idOrSlug) ? await tenants.get(idOrSlug.toLowerCase()) : await tenants.findBySlug(idOrSlug);
  if (!tenant) throw new NotFoundError('TENANT_NOT_FOUND', `No tenant has the id or slug "${idOrSlug}".`);
  return tenant;
}

/** CLI commands of the contacts module. */
export const CONTACTS_COMMANDS: readonly ModuleCommand<ContactsConfig>[] = [
  {
    name: 'contacts:reindex',
    description: "Rebuild one tenant's contacts search index from the contacts table (after moving the tenant to another search backend, or to repair it).",
    options: {
      tenant: { type: 'string', description: 'Tenant id or slug', required: true },
      background: { type: 'boolean', description: 'Enqueue the contacts.reindex job instead of running here' },
    },
    async run(ctx, options) {
      const tenant = await ctx.withoutTenant(() => tenantNamed(ctx.get<TenantDirectory>(TENANT_DIRECTORY), String(options.tenant)));
      if (options.background) {
        const job = await ctx.withTenant(tenant.id, () => ctx.get<JobQueue>(JOB_QUEUE).enqueue(reindexContacts, {}));
        return `contacts.reindex enqueued for tenant ${tenant.slug} (job ${job.id}); a worker running the contacts.bulk queue runs it.`;
      }
      let reported = 0;
      const result = await ctx.withTenant(tenant.id, () =>
        ctx.get(ContactReindexer).rebuild(async ({ indexed, total }) => {
          // A line per 10 % (and the last page): enough to see it move without flooding the terminal.
          if (indexed === total || indexed - reported >= total / 10) {
            reported = indexed;
            process.stderr.write(`contacts:reindex ${tenant.slug}: ${indexed} of ${total} contacts indexed\n`);
          }
        }),
      );
      return `contacts search index of tenant ${tenant.slug} rebuilt: ${result.indexed} contacts indexed.`;
    },
  },
];
