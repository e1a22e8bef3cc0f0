import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { EntityManager, RequestContext, UNIT_OF_WORK, type UnitOfWork } from '@tessera/module-sdk';
import { sharingRows } from '../duplicates/sharing-rows';
import { standardFilters } from '../list/contact-filters';
import { ListContactsQueryDto } from '../list/list-contacts.dto';
import { api, runSql, startContactsPlatform, type TestPlatform } from './contacts-test-platform';

const ROWS = 20_000;

/**
 * Under forced row-level security PostgreSQL uses an index for a condition only if its operators are
 * LEAKPROOF. Text equality is: the identifiers table serves email, phone and tag filters from its btree
 * index, where containment on the jsonb lists could not. Plans are read as the application role.
 */
describe('indexes behind the contact filters, under row-level security', () => {
  let t: TestPlatform;
  let bulk: TestSession;

  beforeAll(async () => {
    t = await startContactsPlatform();
    bulk = await createTenantSession(t, { role: 'owner' });
    await api(t, bulk).post('/contacts', { firstName: 'Seed' }).expect(201);
    await runSql(
      t,
      `WITH made AS (
         INSERT INTO contacts (id, tenant_id, first_name, display_name, company, emails, tags)
         SELECT gen_random_uuid(), $1, 'P' || i, 'P' || i, 'Company ' || (i % 100),
                jsonb_build_array(jsonb_build_object('address', 'p' || i || '@example.com', 'label', null)), '["common"]'::jsonb
           FROM generate_series(1, $2) AS i
         RETURNING id, tenant_id, emails->0->>'address' AS address)
       INSERT INTO contact_identifiers (tenant_id, contact_id, kind, value)
       SELECT tenant_id, id, 'email', address FROM made UNION ALL SELECT tenant_id, id, 'tag', 'common' FROM made`,
      [bulk.tenantId, ROWS],
      bulk.tenantId!,
    );
    await runSql(t, 'ANALYZE contacts; ANALYZE contact_identifiers');
  }, 120_000);
  afterAll(() => t?.close());

  const explain = (sql: string, params: unknown[]): Promise<string> => {
    const work = t.platform.app.get<UnitOfWork>(UNIT_OF_WORK, { strict: false });
    const em = t.platform.app.get(EntityManager, { strict: false });
    return RequestContext.run({ requestId: 'explain', source: 'system' }, () =>
      work.withTenant(bulk.tenantId!, async () => (await em.execute<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql}`, params)).map((row) => row['QUERY PLAN']).join('\n')),
    );
  };
  const plan = (params: Record<string, string>): Promise<string> => {
    const where = standardFilters(ListContactsQueryDto.schema.parse(params), undefined);
    return explain(`SELECT c.id FROM contacts c WHERE ${where.map((w) => w.sql).join(' AND ')}`, where.flatMap((w) => [...w.params]));
  };

  it('serves an email filter from the identifiers index', async () => {
    expect(await plan({ email: 'p4242@example.com' })).toMatch(/contact_identifiers_lookup|contact_identifiers_pkey/);
    expect(await plan({ email: 'p4242@example.com' })).not.toMatch(/Seq Scan on contact_identifiers/);
  });

  it('serves a phone filter from the identifiers index', async () => {
    expect(await plan({ phone: '+442071838750' })).toMatch(/contact_identifiers_lookup|contact_identifiers_pkey/);
  });

  it('finds the duplicates of a contact through the index, although one tag is held by every contact', async () => {
    const [contact] = await runSql<{ contact_id: string }>(t, "SELECT contact_id FROM contact_identifiers WHERE value = 'p77@example.com'", [], bulk.tenantId!);
    const shared = sharingRows([{ kind: 'email', value: 'p77@example.com' }], contact!.contact_id);
    const duplicates = await explain(`SELECT o.contact_id, count(*) FROM ${shared.sql} GROUP BY o.contact_id`, [...shared.params]);
    expect(duplicates).toMatch(/contact_identifiers_lookup/);
    expect(duplicates).not.toMatch(/Seq Scan/);
  });

  it('cannot index the company filter: lower() is not leakproof (documented as a scan of the tenant’s contacts)', async () => {
    expect(await plan({ company: 'Company 7' })).not.toMatch(/contacts_live_company/);
  });
});
