import { Controller, Get, Module } from '@nestjs/common';
import { defineModule, RequirePermissions } from '@tessera/module-sdk';

@Controller('demo-flaky')
class FlakyController {
  @Get()
  @RequirePermissions('demo-flaky.read')
  get() {
    return { ok: true };
  }
}

@Module({ controllers: [FlakyController] })
class DemoFlakyNestModule {}

/** Test-only: a non-critical module whose boot always fails. */
export const demoFlakyModule = defineModule({
  name: 'demo-flaky',
  version: '0.3.0',
  platform: '^1.0.0',
  critical: false,
  nestModule: DemoFlakyNestModule,
  permissions: [{ key: 'demo-flaky.read', description: 'Read' }],
  hooks: {
    onBoot() {
      throw new Error('upstream billing API unreachable');
    },
  },
});
