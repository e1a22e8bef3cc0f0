import { Controller, Get, Module } from '@nestjs/common';
import { defineModule, RequirePermissions } from '@tessera/module-sdk';
import { CatalogService } from './demo-catalog.module';

@Controller('demo-reviews')
class ReviewsController {
  // Injectable because the registry imports the Nest module of every declared dependency.
  constructor(private readonly catalog: CatalogService) {}

  @Get('summary')
  @RequirePermissions('demo-reviews.read')
  async summary() {
    return { items: (await this.catalog.list()).length };
  }
}

@Module({ controllers: [ReviewsController] })
class DemoReviewsNestModule {}

/** Test-only: depends on demo-catalog, optionally on demo-search. */
export const demoReviewsModule = defineModule({
  name: 'demo-reviews',
  version: '1.0.0',
  platform: '^1.0.0',
  dependsOn: { 'demo-catalog': '^1.0.0' },
  optionalDependsOn: { 'demo-search': '^2.0.0' },
  critical: false,
  nestModule: DemoReviewsNestModule,
  permissions: [{ key: 'demo-reviews.read', description: 'Read review summaries' }],
});
