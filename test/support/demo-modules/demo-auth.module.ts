import { Module } from '@nestjs/common';
import { defineModule } from '@tessera/module-sdk';
import { TestAuthenticator } from './test-authenticator';

@Module({ providers: [TestAuthenticator], exports: [TestAuthenticator] })
class DemoAuthNestModule {}

/** Test-only authentication: accepts tokens from `testToken()`. */
export const demoAuthModule = defineModule({
  name: 'demo-auth',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Test-only authenticator for kernel suites.',
  nestModule: DemoAuthNestModule,
  authenticator: TestAuthenticator,
});
