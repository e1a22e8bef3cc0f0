import { TesseraError } from '@tessera/module-sdk';
import type { JobsPorts } from '../jobs-ports';

const STEP_NAME = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Records completed job steps in `job_steps`, in the step's own transaction: a step's writes and its
 * record commit together, so a step runs once per job even when the job runs again after a crash. The
 * primary key makes a concurrent second run of the same step fail and roll back.
 */
export class StepLedger {
  /** The ports are read on use: the ORM exists only once the application has started. */
  constructor(private readonly ports: () => Pick<JobsPorts, 'orm' | 'tenantScope'>) {}

  run<T>(tenantId: string, jobKey: string, step: string, fn: () => Promise<T>): Promise<T> {
    if (!STEP_NAME.test(step)) {
      throw new TesseraError('internal', 'JOB_STEP_NAME_INVALID', `Step names are 1-100 letters, digits, ".", "_", ":" or "-"; got "${step}".`);
    }
    const { orm, tenantScope } = this.ports();
    return tenantScope.run(tenantId, async () => {
      const em = orm.em;
      const trx = em.getTransactionContext();
      const connection = em.getConnection();
      const done = (await connection.execute(
        'SELECT result FROM job_steps WHERE tenant_id = ? AND job_key = ? AND step = ?',
        [tenantId, jobKey, step],
        'get',
        trx,
      )) as { result: T } | undefined;
      if (done) return done.result;
      const result = await fn();
      await connection.execute(
        'INSERT INTO job_steps (tenant_id, job_key, step, result) VALUES (?, ?, ?, ?::jsonb)',
        [tenantId, jobKey, step, JSON.stringify(result ?? null)],
        'run',
        trx,
      );
      return result;
    });
  }

  /** Forgets a completed job's steps (called once BullMQ has recorded the completion). */
  forget(tenantId: string, jobKey: string): Promise<void> {
    const { orm, tenantScope } = this.ports();
    return tenantScope.run(tenantId, async () => {
      const em = orm.em;
      await em.getConnection().execute('DELETE FROM job_steps WHERE tenant_id = ? AND job_key = ?', [tenantId, jobKey], 'run', em.getTransactionContext());
    });
  }

  /** Removes steps older than `retentionDays` of every tenant (jobs that never completed). */
  async purge(retentionDays: number): Promise<number> {
    const rows = (await this.ports().orm.em.getConnection().execute('SELECT tessera_purge_job_steps(make_interval(days => ?)) AS removed', [retentionDays], 'get')) as {
      removed: string;
    };
    return Number(rows.removed);
  }
}
