import { Injectable } from '@nestjs/common';
import { ConfigValidationError } from '@tessera/config';
import { defineJob, defineModule, type JobHandler, type ModuleDefinitionInput } from '@tessera/module-sdk';
import { prepareModules } from '../bootstrap/prepare-modules';
import { ModuleRegistryError } from '../registry/registry-problem';

@Injectable()
class NoopHandler implements JobHandler {
  async run(): Promise<null> {
    return null;
  }
}

const mod = (input: Partial<ModuleDefinitionInput> & { name: string }) => defineModule({ version: '1.0.0', platform: '^1.0.0', ...input });
const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent' };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ModuleRegistryError) return error.problems.map((p) => `[${p.module}] ${p.problem} | ${p.fix}`);
    throw error;
  }
  throw new Error('expected the registry to refuse');
}

describe('job and queue declarations at boot', () => {
  it('accepts jobs on the default queue and on declared queues', () => {
    const prepared = prepareModules(
      [mod({ name: 'tickets', queues: [{ name: 'tickets.mail', concurrency: 2 }], jobs: [defineJob({ name: 'tickets.reindex', handler: NoopHandler }), defineJob({ name: 'tickets.notify', queue: 'tickets.mail', handler: NoopHandler })] })],
      env,
    );
    expect(prepared.order.map(({ definition }) => definition.name)).toEqual(['tickets']);
  });

  it('refuses a job or a queue outside the module namespace, naming the fix', () => {
    const problems = problemsOf(() =>
      prepareModules([mod({ name: 'tickets', queues: [{ name: 'billing' }], jobs: [defineJob({ name: 'billing.charge', handler: NoopHandler })] })], env),
    );
    expect(problems).toEqual([
      '[tickets] queue "billing" is outside the module\'s namespace. | name it "tickets" or "tickets.<name>".',
      '[tickets] job "billing.charge" is outside the module\'s namespace. | name it "tickets.<job>".',
    ]);
  });

  it('refuses a job on a queue the module does not declare', () => {
    const problems = problemsOf(() => prepareModules([mod({ name: 'tickets', jobs: [defineJob({ name: 'tickets.notify', queue: 'tickets.mail', handler: NoopHandler })] })], env));
    expect(problems).toEqual([expect.stringContaining('job "tickets.notify" uses queue "tickets.mail", which the module does not declare.')]);
  });

  it('refuses an invalid cron pattern and an unknown time zone', () => {
    const problems = problemsOf(() =>
      prepareModules(
        [
          mod({
            name: 'tickets',
            jobs: [
              defineJob({ name: 'tickets.nightly', handler: NoopHandler, schedule: { cron: 'every night' } }),
              defineJob({ name: 'tickets.hourly', handler: NoopHandler, schedule: { cron: '0 * * * *', timezone: 'Mars/Olympus' } }),
            ],
          }),
        ],
        env,
      ),
    );
    expect(problems.join('\n')).toContain('job "tickets.nightly" has an invalid schedule "every night"');
    expect(problems.join('\n')).toContain('job "tickets.hourly" schedules in the unknown time zone "Mars/Olympus"');
  });

  it('refuses a job without a handler class', () => {
    const problems = problemsOf(() => prepareModules([mod({ name: 'tickets', jobs: [defineJob({ name: 'tickets.a', handler: NoopHandler }), { name: 'tickets.b' } as never] })], env));
    expect(problems).toEqual([expect.stringContaining('definition field "jobs.1.handler" must be an injectable class')]);
  });

  it('refuses a job declared twice', () => {
    const problems = problemsOf(() => prepareModules([mod({ name: 'tickets', jobs: [defineJob({ name: 'tickets.a', handler: NoopHandler }), defineJob({ name: 'tickets.a', handler: NoopHandler })] })], env));
    expect(problems).toEqual(['[tickets] job "tickets.a" is declared twice. | declare each job once.']);
  });

  it('refuses JOBS_QUEUES naming a queue or module nobody declares', () => {
    const run = () =>
      prepareModules([mod({ name: 'tickets', jobs: [defineJob({ name: 'tickets.reindex', handler: NoopHandler })] })], { ...env, JOBS_QUEUES: 'tickets,contacts.import' });
    expect(run).toThrow(ConfigValidationError);
    expect(run).toThrow(/JOBS_QUEUES \(platform\): "contacts.import" is neither a declared queue nor a module with jobs \(queues: tickets, files\)/);
  });

  it('reserves the "jobs" module name for the platform', () => {
    expect(problemsOf(() => prepareModules([mod({ name: 'jobs' })], env))).toEqual([expect.stringContaining('the name "jobs" is reserved by the platform, for the job layer')]);
  });

  it('declares the platform-owned files.purge-expired job on the queue "files", and reserves the name', () => {
    const prepared = prepareModules([], env);
    expect(prepared.platformJobOwners.map((owner) => owner.name)).toEqual(['files']);
    expect(prepared.platformJobOwners[0]!.jobs).toEqual([expect.objectContaining({ name: 'files.purge-expired', scope: 'platform', schedule: { cron: '*/10 * * * *' } })]);
    expect(problemsOf(() => prepareModules([mod({ name: 'files' })], env))).toEqual([expect.stringContaining('the name "files" is reserved by the platform, for the file store')]);
  });

  it('refuses an invalid FILES_PURGE_SCHEDULE at boot, naming the job', () => {
    expect(problemsOf(() => prepareModules([], { ...env, FILES_PURGE_SCHEDULE: 'every hour' }))).toEqual([
      expect.stringContaining('[files] job "files.purge-expired" has an invalid schedule "every hour"'),
    ]);
  });
});
