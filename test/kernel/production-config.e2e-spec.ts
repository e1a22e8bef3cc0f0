import { builtinModules } from '@tessera/builtin-modules';
import { ConfigValidationError } from '@tessera/config';
import { prepareModules } from '@tessera/kernel';

// What `docker compose up` and the Kubernetes manifests give every process, minus the auth secret.
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://tessera_app:app@db:5432/tessera',
  DATABASE_MIGRATION_URL: 'postgres://tessera_owner:owner@db:5432/tessera',
  MIGRATE_ON_BOOT: 'false',
};
const SECRET = 'example-only-0123456789-0123456789-0123456789';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    prepareModules(builtinModules, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.problems.map((p) => `${p.variable}: ${p.message}`);
  }
};

describe('configuration of the built-in modules in production', () => {
  it('refuses to start without AUTH_KEY_ENCRYPTION_SECRET, reported with every other configuration problem', () => {
    const problems = problemsOf({ ...production, PORT: 'eighty', AUTH_ISSUER: '' });
    expect(problems.map((p) => p.slice(0, p.indexOf(':'))).sort()).toEqual(['AUTH_ISSUER', 'AUTH_KEY_ENCRYPTION_SECRET', 'PORT']);
    expect(problems).toContainEqual(expect.stringMatching(/^AUTH_KEY_ENCRYPTION_SECRET: is required when NODE_ENV is production \(Secret that encrypts the token signing keys/));
  });

  it('starts with the secret set', () => {
    const prepared = prepareModules(builtinModules, { ...production, AUTH_KEY_ENCRYPTION_SECRET: SECRET });
    expect(prepared.config.modules.auth).toMatchObject({ keyEncryptionSecret: SECRET });
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(problemsOf({ ...production, AUTH_KEY_ENCRYPTION_SECRET: 'short' })).toEqual([
      'AUTH_KEY_ENCRYPTION_SECRET: must be at least 32 characters (use `openssl rand -base64 48`)',
    ]);
  });

  it('lets development run without the secret, and reads an empty value (as in .env.example) as unset', () => {
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
    expect(prepareModules(builtinModules, { NODE_ENV: 'development', AUTH_KEY_ENCRYPTION_SECRET: '' }).config.modules.auth).toMatchObject({
      keyEncryptionSecret: undefined,
    });
  });
});
