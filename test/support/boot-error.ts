import { startTestPlatform, type TestPlatformOptions } from '@tessera/module-sdk/testing';

/**
 * The error a boot that must fail rejects with. A platform that boots after all is closed, and the result
 * is an Error('booted'), so the caller's assertions on the error fail instead of leaking a running platform.
 */
export function bootError(options: TestPlatformOptions): Promise<Error> {
  return startTestPlatform(options).then(
    (t) => t.close().then(() => new Error('booted')),
    (caught: Error) => caught,
  );
}
