import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { UNIT_OF_WORK, type JobStatus, type UnitOfWork } from '@tessera/module-sdk';
import { api, runSql, startContactsPlatform, waitFor, type TestPlatform } from '../../test/contacts-test-platform';
import { testContactListenerModule } from '../../test/listener/test-contact-listener.module';
import { csvOf, finished, uploadCsv, type ImportBody } from './import-test-helpers';

/**
 * Failures in the middle of an import, and re-runs: a batch that fails on its first attempt (a database error
 * raised by a trigger, the way a lost connection or a deadlock would fail it) is retried from the last committed
 * batch; running the job of a finished import again creates nothing. Batches of 3 rows.
 */
describe('contacts CSV import: checkpoints and re-runs', () => {
  let t: TestPlatform;
  let owner: TestSession;
  const a = () => api(t, owner);
  const rows = Array.from({ length: 10 }, (_, i) => [i === 4 ? 'Crash' : `Person${i}`, `resume${i}@example.com`]);
  const csv = csvOf([['First name', 'Email'], ...rows]);
  const mapping = { 'First name': 'firstName', Email: 'emails' };
  /** The contact-created events a subscriber was delivered for contacts of these first names, by contact id. */
  const createdEvents = async (names: readonly string[]) =>
    runSql<{ contact_id: string; n: number }>(
      t,
      `SELECT e.payload->>'contactId' AS contact_id, count(*)::int AS n FROM test_contact_events e
         JOIN contacts c ON c.id = (e.payload->>'contactId')::uuid
        WHERE e.name = 'contacts.contact-created' AND c.first_name = ANY($1) GROUP BY 1`,
      [names],
      owner.tenantId!,
    );
  const countContacts = async () =>
    (await runSql<{ n: number }>(t, `SELECT count(*)::int AS n FROM contacts WHERE first_name = 'Crash' OR first_name LIKE 'Person%'`, [], owner.tenantId!))[0]!.n;

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true', CONTACTS_IMPORT_BATCH_SIZE: '3' }, [testContactListenerModule]);
    owner = await createTenantSession(t, { role: 'owner' });
    // Fails the insert of the contact "Crash" twice: the batch's multi-row statement, then the contact's own insert
    // when the batch falls back to one contact at a time (a database error is no refusal of the row: the batch
    // fails). The sequence is not transactional, so the retry passes.
    await runSql(t, 'CREATE SEQUENCE test_import_crash');
    await runSql(
      t,
      `CREATE FUNCTION test_import_crash() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
       BEGIN
         IF nextval('test_import_crash') <= 2 THEN RAISE EXCEPTION 'simulated failure in the middle of a batch'; END IF;
         RETURN NEW;
       END $$`,
    );
    await runSql(t, `CREATE TRIGGER test_import_crash BEFORE INSERT ON contacts FOR EACH ROW WHEN (NEW.first_name = 'Crash') EXECUTE FUNCTION test_import_crash()`);
    // Fails every statement that inserts several contacts one of which is "Bulkfail" (single-row inserts pass).
    await runSql(
      t,
      `CREATE FUNCTION test_import_bulk_fail() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
       BEGIN
         IF (SELECT count(*) FROM new_rows) > 1 AND EXISTS (SELECT 1 FROM new_rows WHERE first_name = 'Bulkfail') THEN
           RAISE EXCEPTION 'simulated failure of a multi-row insert';
         END IF;
         RETURN NULL;
       END $$`,
    );
    await runSql(t, 'CREATE TRIGGER test_import_bulk_fail AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION test_import_bulk_fail()');
  });
  afterAll(() => t?.close());

  it('retries a batch that failed half-way and resumes after the last committed batch, creating every contact once', async () => {
    const imp = (await uploadCsv(t, owner, csv).expect(201)).body as ImportBody;
    const started = (await a().post(`/contacts/imports/${imp.id}/start`, { mapping }).expect(202)).body as ImportBody;

    // The first attempt committed rows 2-4 (batch one), then failed in rows 5-7 (the "Crash" row is row 6).
    const between = await waitFor(async () => {
      const job = (await a().get(`/jobs/${started.jobId}`).expect(200)).body as JobStatus;
      return job.attemptsMade >= 1 || job.state === 'completed' ? job : undefined;
    }, 'the first attempt to fail');
    expect(between.state).not.toBe('failed');
    // Before the retry (backoff of about 2 s): batch one is committed with its row records, the failed batch left nothing.
    const committed = await runSql<{ row_number: number }>(t, 'SELECT row_number FROM contact_import_rows WHERE import_id = $1 ORDER BY row_number', [imp.id], owner.tenantId!);
    expect(committed.map((r) => r.row_number)).toEqual([2, 3, 4]);
    expect((await a().get(`/contacts/imports/${imp.id}`).expect(200)).body).toMatchObject({ state: 'running', counts: { total: 10, processed: 3, created: 3 } });

    const done = await finished(t, owner, imp.id);
    expect(done).toMatchObject({ state: 'completed', counts: { total: 10, processed: 10, created: 10, failed: 0 } });
    const job = (await a().get(`/jobs/${started.jobId}`).expect(200)).body as JobStatus;
    expect(job).toMatchObject({ state: 'completed', attemptsMade: 2, progress: { percent: 100, message: '10 of 10 rows' } });
    expect(await countContacts()).toBe(10);
    for (const [, email] of rows) expect((await a().get(`/contacts?email=${email}`).expect(200)).body.data).toHaveLength(1);
    const recorded = await runSql<{ n: number; distinct_contacts: number }>(
      t,
      'SELECT count(*)::int AS n, count(DISTINCT contact_id)::int AS distinct_contacts FROM contact_import_rows WHERE import_id = $1',
      [imp.id],
      owner.tenantId!,
    );
    expect(recorded).toEqual([{ n: 10, distinct_contacts: 10 }]);
    // One contact-created event per contact: none from the attempt that was rolled back.
    const names = rows.map(([name]) => name!);
    const events = await waitFor(async () => {
      const found = await createdEvents(names);
      return found.length === 10 ? found : undefined;
    }, 'ten contact-created events');
    expect(events.every((event) => event.n === 1)).toBe(true);
  });

  it('creates nothing when the job of a finished import runs again (a replay, a duplicate delivery)', async () => {
    const imp = (await uploadCsv(t, owner, csvOf([['First name', 'Email'], ['Rerun', 'rerun1@example.com'], ['Rerun', 'rerun2@example.com']])).expect(201)).body as ImportBody;
    await a().post(`/contacts/imports/${imp.id}/start`, { mapping, options: { duplicates: 'create' } }).expect(202);
    const first = await finished(t, owner, imp.id);
    expect(first.counts).toMatchObject({ created: 2 });

    // The same job input under another key: a second, independent run of the import (no checkpoints of its own).
    const work = t.platform.app.get<UnitOfWork>(UNIT_OF_WORK);
    const queue = t.platform.jobs.queueFor('contacts');
    const { id } = await work.withTenant(owner.tenantId!, () => queue.enqueue('contacts.import-csv', { importId: imp.id }, { idempotencyKey: 'rerun' }));
    const rerun = await waitFor(async () => {
      const status = await work.withTenant(owner.tenantId!, () => queue.status(id));
      return ['completed', 'failed', 'dead-lettered'].includes(status.state) ? status : undefined;
    }, 'the re-run');
    expect(rerun).toMatchObject({ state: 'completed', result: { created: 2, total: 2 } });
    const count = await runSql<{ n: number }>(t, `SELECT count(*)::int AS n FROM contacts WHERE first_name = 'Rerun'`, [], owner.tenantId!);
    expect(count).toEqual([{ n: 2 }]);
    expect((await a().get(`/contacts/imports/${imp.id}`).expect(200)).body).toMatchObject({ state: 'completed', counts: { created: 2, processed: 2 } });
  });
  it('writes a batch whose multi-row insert fails one contact at a time: every contact once, with its identifiers and search document', async () => {
    const people = [['Before', 'bulk1@example.com', 'vip'], ['Bulkfail', 'bulk2@example.com', 'eu'], ['After', 'bulk3@example.com', 'eu']];
    const imp = (await uploadCsv(t, owner, csvOf([['First name', 'Email', 'Tags'], ...people])).expect(201)).body as ImportBody;
    const started = (await a().post(`/contacts/imports/${imp.id}/start`, { mapping: { ...mapping, Tags: 'tags' } }).expect(202)).body as ImportBody;
    const done = await finished(t, owner, imp.id);
    expect(done).toMatchObject({ state: 'completed', counts: { total: 3, created: 3, failed: 0 } });
    // In the first attempt: the fallback kept the batch from failing.
    expect((await a().get(`/jobs/${started.jobId}`).expect(200)).body).toMatchObject({ state: 'completed', attemptsMade: 1 });
    for (const [name, email, tag] of people) {
      const [contact] = (await a().get(`/contacts?email=${email}&tag=${tag}`).expect(200)).body.data;
      expect(contact).toMatchObject({ firstName: name, displayName: name, version: 1, emails: [{ address: email, label: null }], tags: [tag] });
      expect((await a().get(`/contacts/search?q=${name}`).expect(200)).body.data.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    }
    const count = await runSql<{ n: number }>(t, `SELECT count(*)::int AS n FROM contacts WHERE first_name IN ('Before', 'Bulkfail', 'After')`, [], owner.tenantId!);
    expect(count).toEqual([{ n: 3 }]);
    const events = await waitFor(async () => {
      const found = await createdEvents(['Before', 'Bulkfail', 'After']);
      return found.length === 3 ? found : undefined;
    }, 'three contact-created events');
    expect(events.map((event) => event.n)).toEqual([1, 1, 1]);
  });
});
