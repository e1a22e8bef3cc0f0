export { demoAuthModule } from './demo-auth.module';
export { demoCatalogModule, CatalogItem } from './demo-catalog.module';
export { demoReviewsModule } from './demo-reviews.module';
export { demoFlakyModule } from './demo-flaky.module';
export { testToken } from './test-authenticator';
