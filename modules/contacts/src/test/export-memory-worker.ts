/**
 * A worker process for `export-memory.e2e-spec.ts`: the real platform in the worker role (it runs the
 * contacts jobs) against the suite's database and Redis prefix, measuring its own live memory on request.
 * Run with `node --expose-gc --conditions=development -r @swc-node/register` and an IPC channel (fork).
 *
 * Messages: `{ measure: 'start' }` sets the baseline (after a full collection) and samples live memory (heap
 * and buffers, each sample after a full collection) while the export runs; `{ measure: 'stop' }` answers `{ samples }`,
 * each the growth above the baseline in bytes. Collections are forced so that a sample is what the export
 * holds, not garbage waiting for the collector.
 */
import 'reflect-metadata';
import { authModule } from '@tessera/auth';
import { customFieldsModule } from '@tessera/custom-fields';
import { startTestPlatform, type TestDatabase } from '@tessera/module-sdk/testing';
import { contactsModule } from '../index';
import { CONTACTS_TEST_ENV } from './contacts-test-platform';

/**
 * A forced full collection of this heap takes tens of milliseconds (more on a busy machine): samples come
 * every 50 ms, or 1.5 times the last collection's duration when that is longer: the export keeps at least
 * a third of the time (it runs slower while measured, which does not matter; enough samples do).
 */
const SAMPLE_EVERY_MS = 50;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const live = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

async function main(): Promise<void> {
  const database = { ...(JSON.parse(process.env.EXPORT_MEMORY_DATABASE!) as Omit<TestDatabase, 'drop'>), drop: async () => undefined };
  const t = await startTestPlatform({
    role: 'worker',
    modules: [authModule, customFieldsModule, contactsModule],
    database,
    redisPrefix: process.env.EXPORT_MEMORY_REDIS_PREFIX!,
    env: CONTACTS_TEST_ENV,
  });
  let baseline = 0;
  let samples: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sampling = false;
  const sample = () => {
    const began = performance.now();
    gc!();
    samples.push(live() - baseline);
    if (sampling) timer = setTimeout(sample, Math.max(SAMPLE_EVERY_MS, 1.5 * (performance.now() - began)));
  };
  /** Live memory at rest: external buffers are released a little after the collection that frees them. */
  const settled = async () => {
    let lowest = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      gc!();
      lowest = Math.min(lowest, live());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return lowest;
  };
  process.on('message', (message: { measure?: 'start' | 'stop'; close?: true }) => {
    if (message.measure === 'start') {
      void settled().then((value) => {
        baseline = value;
        samples = [];
        sampling = true;
        timer = setTimeout(sample, SAMPLE_EVERY_MS);
        process.send!({ started: true });
      });
    } else if (message.measure === 'stop') {
      sampling = false;
      clearTimeout(timer);
      process.send!({ samples });
    } else if (message.close) {
      void t.close().then(() => process.exit(0));
    }
  });
  process.send!({ ready: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
