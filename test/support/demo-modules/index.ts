export { demoAuthModule } from './demo-auth.module';
export { demoCatalogModule, CatalogItem } from './demo-catalog.module';
export { demoReviewsModule } from './demo-reviews.module';
export { demoFlakyModule } from './demo-flaky.module';
export { demoVitalModule, vitalHealth } from './demo-vital.module';
export { testToken } from './test-authenticator';
export { demoJobsModule, demoScheduleModule, effectJob, flakyJob, probeJob, slowJob, tickJob } from './demo-jobs.module';
export type { ProbeObservation } from './demo-jobs.module';
export { demoOrdersModule, demoLedgerModule, failuresBeforeSuccess } from './demo-events.module';
