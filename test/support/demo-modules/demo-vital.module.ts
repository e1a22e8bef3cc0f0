import { defineModule } from '@tessera/module-sdk';

/** What the vital module's health check answers; a suite sets it (module state is per test file). */
export const vitalHealth: { mode: 'up' | 'down' | 'throw' | 'hang' } = { mode: 'up' };

/**
 * Test-only: a critical module with no routes whose health check a suite controls, to see readiness go
 * `down` (503) when a critical module is unhealthy.
 */
export const demoVitalModule = defineModule({
  name: 'demo-vital',
  version: '1.0.0',
  platform: '^1.0.0',
  critical: true,
  health: [
    {
      name: 'upstream',
      timeoutMs: 300,
      async check() {
        switch (vitalHealth.mode) {
          case 'up':
            return { status: 'up', details: { lagSeconds: 0 } };
          case 'down':
            return { status: 'down', details: { lagSeconds: 900, reason: 'replication stalled' } };
          case 'throw':
            throw new Error('upstream refused the connection');
          case 'hang':
            return new Promise(() => undefined);
        }
      },
    },
  ],
});
