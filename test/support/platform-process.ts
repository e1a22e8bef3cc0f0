/**
 * A real API process for tests that need real signals: boots the platform with probe modules that
 * print their lifecycle events, and shuts down on SIGTERM like production. Run with
 * `node --conditions=development -r @swc-node/register test/support/platform-process.ts`.
 */
import 'reflect-metadata';
import { runApi } from '@tessera/kernel';
import { defineModule } from '@tessera/module-sdk';

const probe = (name: string, dependsOn: Record<string, string> = {}, hang = false) =>
  defineModule({
    name,
    version: '1.0.0',
    platform: '^1.0.0',
    dependsOn,
    hooks: {
      onBoot: () => void process.stdout.write(`event:boot:${name}\n`),
      onShutdown: () => {
        process.stdout.write(`event:stop:${name}\n`);
        return hang ? new Promise<void>(() => undefined) : undefined;
      },
    },
  });

const hangOn = process.env.PROBE_HANG_ON;
void runApi({
  modules: [
    probe('probe-app', { 'probe-left': '^1.0.0', 'probe-right': '^1.0.0' }, hangOn === 'probe-app'),
    probe('probe-right', { 'probe-base': '^1.0.0' }, hangOn === 'probe-right'),
    probe('probe-left', { 'probe-base': '^1.0.0' }, hangOn === 'probe-left'),
    probe('probe-base', {}, hangOn === 'probe-base'),
  ],
});
