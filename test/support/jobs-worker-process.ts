/**
 * A real worker process (apps/worker's entry, with the demo job modules) for tests that kill workers:
 * `node --conditions=development -r @swc-node/register test/support/jobs-worker-process.ts`.
 * DEMO_JOBS_HANG_AFTER_EFFECT=1 makes the effect job hang once its side effect committed.
 */
import 'reflect-metadata';
import { runWorker } from '@tessera/kernel';
import { demoAuthModule, demoJobsModule } from './demo-modules';

void runWorker({ modules: [demoAuthModule, demoJobsModule] });
