import { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { renderEnvExample } from './env-example';
import { moduleEnvKey } from './module-env-key';
import { resolveConfig } from './resolve-config';

const contacts = {
  module: 'contacts',
  schema: z.object({
    importMaxRows: z.coerce.number().int().positive().default(100_000).describe('Largest CSV import.'),
    defaultRegion: z.string().length(2).describe('Region for phone numbers without a country code.'),
  }),
};
const customFields = { module: 'custom-fields', schema: z.object({ maxFieldsPerEntity: z.coerce.number().int().default(100) }) };

describe('configuration', () => {
  it('maps module keys to prefixed environment variables', () => {
    expect(moduleEnvKey('contacts', 'importMaxRows')).toBe('CONTACTS_IMPORT_MAX_ROWS');
    expect(moduleEnvKey('custom-fields', 'maxFieldsPerEntity')).toBe('CUSTOM_FIELDS_MAX_FIELDS_PER_ENTITY');
  });

  it('applies defaults and reads each module namespace', () => {
    const config = resolveConfig({ CONTACTS_DEFAULT_REGION: 'FR' }, [contacts, customFields]);
    expect(config.platform.PORT).toBe(3000);
    expect(config.platform.MODULES).toEqual([]);
    expect(config.modules).toEqual({
      contacts: { importMaxRows: 100_000, defaultRegion: 'FR' },
      'custom-fields': { maxFieldsPerEntity: 100 },
    });
  });

  it('lists every problem of every namespace at once', () => {
    let error: unknown;
    try {
      resolveConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CONTACTS_IMPORT_MAX_ROWS: '-5', REDIS_URL: 'http://nope' }, [contacts, customFields]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.map((p) => `${p.namespace}:${p.variable}`);
    expect(problems.sort()).toEqual(
      ['contacts:CONTACTS_DEFAULT_REGION', 'contacts:CONTACTS_IMPORT_MAX_ROWS', 'platform:LOG_LEVEL', 'platform:PORT', 'platform:REDIS_URL'].sort(),
    );
    expect((error as Error).message).toContain('Tessera cannot start: 5 configuration problems.');
  });

  it('requires a database in production and the owner URL when migrating', () => {
    expect(() => resolveConfig({ NODE_ENV: 'production' }, [])).toThrow(/DATABASE_URL \(platform\): is required in production/);
    expect(() => resolveConfig({ DATABASE_URL: 'postgres://app@db/tessera' }, [])).toThrow(/DATABASE_MIGRATION_URL \(platform\): is required/);
  });

  it('reports a module setting marked requiredInProduction only when NODE_ENV is production, with every other problem', () => {
    const vault = {
      module: 'vault',
      schema: z.object({
        secret: z.string().optional().describe('Encrypts the vault.').meta({ requiredInProduction: true }),
        size: z.coerce.number().int().default(1),
      }),
    };
    expect(resolveConfig({}, [vault]).modules.vault).toEqual({ secret: undefined, size: 1 });
    let error: unknown;
    try {
      resolveConfig({ NODE_ENV: 'production', VAULT_SIZE: 'big' }, [vault]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems.map((p) => `${p.namespace}:${p.variable}`).sort()).toEqual(
      ['platform:DATABASE_URL', 'vault:VAULT_SECRET', 'vault:VAULT_SIZE'].sort(),
    );
    expect((error as Error).message).toContain('VAULT_SECRET (vault): is required when NODE_ENV is production (Encrypts the vault.)');
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/t', MIGRATE_ON_BOOT: 'false' };
    expect(resolveConfig({ ...production, VAULT_SECRET: 's3cret' }, [vault]).modules.vault).toEqual({ secret: 's3cret', size: 1 });
    expect(() => resolveConfig({ ...production, VAULT_SECRET: '' }, [vault])).toThrow(/VAULT_SECRET \(vault\): is required/);
  });

  it('refuses a module key that collides with a platform setting', () => {
    const database = { module: 'database', schema: z.object({ url: z.string().default('x') }) };
    expect(() => resolveConfig({}, [database])).toThrow(/DATABASE_URL \(database\): collides with the platform setting/);
  });

  it('warns about variables that look like a module setting but are not one', () => {
    const config = resolveConfig({ CONTACTS_DEFAULT_REGION: 'FR', CONTACTS_IMPORT_MAXROWS: '5' }, [contacts]);
    expect(config.warnings).toEqual(['CONTACTS_IMPORT_MAXROWS looks like a module setting but no loaded module declares it (typo?).']);
  });

  it('renders .env.example with descriptions and defaults of every namespace', () => {
    const text = renderEnvExample([customFields, contacts]);
    expect(text).toContain('# HTTP port of apps/api.\n# PORT=3000');
    expect(text).toContain('# --- module contacts ---\n# Largest CSV import.\n# CONTACTS_IMPORT_MAX_ROWS=100000');
    expect(text).toContain('CONTACTS_DEFAULT_REGION=\n');
    expect(text.indexOf('module contacts')).toBeLessThan(text.indexOf('module custom-fields'));
  });
});
