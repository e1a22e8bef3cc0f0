import { defineModule, type ModuleDefinitionInput } from '@tessera/module-sdk';
import pino from 'pino';
import { ModuleRegistry } from '../registry/module-registry';
import { ModuleBootError } from './module-boot.error';
import { bootModules, shutdownModules } from './module-lifecycle';

const logger = pino({ level: 'silent' });

function registryOf(events: string[], modules: Array<Partial<ModuleDefinitionInput> & { name: string }>): ModuleRegistry {
  return new ModuleRegistry(
    modules.map((input) => ({
      source: 'built-in',
      definition: defineModule({
        version: '1.0.0',
        platform: '^1.0.0',
        hooks: {
          onBoot: () => void events.push(`boot:${input.name}`),
          onShutdown: () => void events.push(`stop:${input.name}`),
        },
        ...input,
      }),
    })),
  );
}

const contextOf = (runtime: { definition: { name: string } }) =>
  ({ name: runtime.definition.name, config: {}, logger, get: () => undefined }) as never;

describe('module lifecycle', () => {
  it('boots in registry order and shuts down in reverse order', async () => {
    const events: string[] = [];
    const registry = registryOf(events, [{ name: 'base' }, { name: 'left' }, { name: 'right' }, { name: 'app' }]);
    await bootModules(registry, contextOf, { timeoutMs: 1000, logger });
    await shutdownModules(registry, contextOf, { budgetMs: 1000, logger });
    expect(events).toEqual(['boot:base', 'boot:left', 'boot:right', 'boot:app', 'stop:app', 'stop:right', 'stop:left', 'stop:base']);
    expect(registry.all().every((m) => m.state === 'stopped')).toBe(true);
  });

  it('marks a failing non-critical module failed, fails its dependents, and boots the rest', async () => {
    const events: string[] = [];
    const registry = registryOf(events, [
      { name: 'billing', critical: false, hooks: { onBoot: () => Promise.reject(new Error('provider down')) } },
      { name: 'invoices', critical: false, dependsOn: { billing: '^1.0.0' } },
      { name: 'contacts' },
    ]);
    await bootModules(registry, contextOf, { timeoutMs: 1000, logger });
    expect(registry.all().map((m) => [m.definition.name, m.state, m.error])).toEqual([
      ['billing', 'failed', 'provider down'],
      ['invoices', 'failed', 'its dependency "billing" failed to boot.'],
      ['contacts', 'running', undefined],
    ]);
    expect(events).toEqual(['boot:contacts']);
  });

  it('stops the boot when a critical module fails, naming it and the cause', async () => {
    const registry = registryOf([], [{ name: 'auth', hooks: { onBoot: () => Promise.reject(new Error('signing key missing')) } }]);
    const boot = bootModules(registry, contextOf, { timeoutMs: 1000, logger });
    await expect(boot).rejects.toBeInstanceOf(ModuleBootError);
    await expect(boot).rejects.toThrow('the critical module "auth" failed to start: signing key missing');
  });

  it('fails a module whose boot hook overruns its bound', async () => {
    const registry = registryOf([], [{ name: 'slow', critical: false, hooks: { onBoot: () => new Promise(() => undefined) } }]);
    await bootModules(registry, contextOf, { timeoutMs: 50, logger });
    expect(registry.get('slow')).toMatchObject({ state: 'failed', error: 'onBoot of module "slow" did not finish within 50 ms.' });
  });

  it('keeps shutting down the other modules when one hangs, within the overall budget', async () => {
    const events: string[] = [];
    const registry = registryOf(events, [{ name: 'a' }, { name: 'stuck', hooks: { onShutdown: () => new Promise(() => undefined) } }]);
    await bootModules(registry, contextOf, { timeoutMs: 1000, logger });
    const started = Date.now();
    await shutdownModules(registry, contextOf, { budgetMs: 200, logger });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(events).toContain('stop:a');
    expect(registry.get('stuck')!.state).toBe('stopped');
  });
});
