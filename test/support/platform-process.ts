/**
 * A real API process for tests that need real signals: boots the platform with probe modules that
 * print their lifecycle events, and shuts down on SIGTERM like production. `PROBE_HANG_ON=<probe>` makes that
 * probe's onShutdown hang; `PROBE_FAIL_ON=<probe>` makes its onBoot throw (the probes are critical). Run with
 * `node --conditions=development -r @swc-node/register test/support/platform-process.ts`.
 */
import 'reflect-metadata';
import { runApi } from '@tessera/kernel';
import { defineModule } from '@tessera/module-sdk';

const hangOn = process.env.PROBE_HANG_ON;
const failOn = process.env.PROBE_FAIL_ON;

const probe = (name: string, dependsOn: Record<string, string> = {}) =>
  defineModule({
    name,
    version: '1.0.0',
    platform: '^1.0.0',
    dependsOn,
    hooks: {
      onBoot: () => {
        if (failOn === name) throw new Error(`${name} cannot reach its provider`);
        process.stdout.write(`event:boot:${name}\n`);
      },
      onShutdown: () => {
        process.stdout.write(`event:stop:${name}\n`);
        return hangOn === name ? new Promise<void>(() => undefined) : undefined;
      },
    },
  });

void runApi({
  modules: [
    probe('probe-app', { 'probe-left': '^1.0.0', 'probe-right': '^1.0.0' }),
    probe('probe-right', { 'probe-base': '^1.0.0' }),
    probe('probe-left', { 'probe-base': '^1.0.0' }),
    probe('probe-base', {}),
  ],
});
