import { Injectable } from '@nestjs/common';
import { defineJob, defineModule, type JobHandler } from '@tessera/module-sdk';
import { JobCatalog } from './job-catalog';

@Injectable()
class NoopHandler implements JobHandler {
  async run(): Promise<null> {
    return null;
  }
}

const catalog = new JobCatalog([
  defineModule({
    name: 'contacts',
    version: '1.0.0',
    platform: '^1.0.0',
    queues: [{ name: 'contacts.import', concurrency: 2 }],
    jobs: [defineJob({ name: 'contacts.import-csv', queue: 'contacts.import', handler: NoopHandler }), defineJob({ name: 'contacts.dedupe', handler: NoopHandler, attempts: 7 })],
  }),
  defineModule({ name: 'billing', version: '1.0.0', platform: '^1.0.0', jobs: [defineJob({ name: 'billing.invoice', handler: NoopHandler, scope: 'platform' })] }),
]);

describe('JobCatalog', () => {
  it('gives every module with jobs a default queue named after it, next to the queues it declares', () => {
    expect(catalog.queues().map((q) => [q.name, q.module, q.concurrency])).toEqual([
      ['contacts.import', 'contacts', 2],
      ['contacts', 'contacts', 5],
      ['billing', 'billing', 5],
    ]);
  });

  it('applies defaults to job declarations', () => {
    expect(catalog.job('contacts.import-csv')).toMatchObject({ queue: 'contacts.import', scope: 'tenant', transaction: 'job', attempts: 3, version: 1 });
    expect(catalog.job('contacts.dedupe')).toMatchObject({ queue: 'contacts', attempts: 7 });
    expect(catalog.job('billing.invoice')).toMatchObject({ scope: 'platform' });
  });

  it('selects every queue by default, and queues by queue or module name', () => {
    expect(catalog.select([], []).queues.map((q) => q.name)).toEqual(['contacts.import', 'contacts', 'billing']);
    expect(catalog.select(['*'], ['contacts.import']).queues.map((q) => q.name)).toEqual(['contacts', 'billing']);
    expect(catalog.select(['contacts'], []).queues.map((q) => q.name)).toEqual(['contacts.import', 'contacts']);
    expect(catalog.select(['contacts.import', 'billing'], []).queues.map((q) => q.name)).toEqual(['contacts.import', 'billing']);
  });

  it('reports names that are neither a queue nor a module, and only those', () => {
    expect(catalog.select(['contacts', 'calls'], ['nope']).unknown).toEqual(['calls', 'nope']);
    expect(catalog.select(['*'], []).unknown).toEqual([]);
  });
});
