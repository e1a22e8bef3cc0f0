import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { builtinModules } from '@tessera/builtin-modules';
import { startTestPlatform, testServices } from '@tessera/module-sdk/testing';
import { dropDatabase, withCredentials, withPgClient } from '@tessera/persistence';

const root = join(__dirname, '..', '..');

function cli(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['--conditions=development', '-r', '@swc-node/register', 'apps/api/src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: testServices().redisUrl, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the platform CLI', () => {
  const { adminUrl } = testServices();
  const database = `tessera_cli_${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_ADMIN_URL: adminUrl,
    DATABASE_URL: withCredentials(adminUrl, { user: 'tessera_cli_app', password: 'cli-app-secret', database }),
    DATABASE_MIGRATION_URL: withCredentials(adminUrl, { user: 'tessera_cli_owner', password: 'cli-owner-secret', database }),
  };
  afterAll(() => dropDatabase(adminUrl, database));

  it('provisions the roles and the database idempotently', () => {
    for (let i = 0; i < 2; i++) {
      const run = cli(['db:provision'], env);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`provisioned database "${database}"`);
      expect(run.stdout).not.toContain('cli-app-secret');
      expect(run.code).toBe(0);
    }
  });

  it('migrates, and migrating again applies nothing', () => {
    const first = cli(['migrate'], env);
    expect(first.stdout).toContain('applied platform/0001-tenants');
    expect(first.code).toBe(0);
    const second = cli(['migrate'], env);
    expect(second.stdout).toMatch(/^0 applied, \d+ already applied\.$/m);
  });

  it('verifies the platform audit chain', () => {
    const run = cli(['audit:verify', '--platform'], env);
    expect(run.stdout).toContain('audit chain of platform is intact');
    expect(run.code).toBe(0);
  });

  describe("a tenant's audit chain", () => {
    const slug = `cli-${randomBytes(3).toString('hex')}`;
    let tenantId: string;
    const asOwner = (sql: string, params: unknown[] = []) =>
      withPgClient(env.DATABASE_MIGRATION_URL, async (client) => {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
        return (await client.query<{ seq: string }>(sql, params)).rows;
      });

    beforeAll(() => {
      const created = cli(['auth:create-tenant', '--slug', slug, '--name', 'CLI tenant', '--owner-email', 'owner@cli.example.test'], env);
      expect(created.code).toBe(0);
      tenantId = /\(([0-9a-f-]{36})\)/.exec(created.stdout)![1]!;
    });

    it('verifies as intact, by slug or id', async () => {
      const entries = await asOwner('SELECT seq FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenantId]);
      expect(entries.length).toBeGreaterThan(0);
      for (const tenant of [slug, tenantId]) {
        const run = cli(['audit:verify', '--tenant', tenant], env);
        expect(run.stdout).toContain(`audit chain of tenant ${tenantId} is intact: ${entries.length} entries`);
        expect(run.code).toBe(0);
      }
    });

    it('exits 1 naming the broken entry once an entry was altered in SQL', async () => {
      const [first] = await asOwner('SELECT seq FROM audit_log WHERE tenant_id = $1 ORDER BY seq LIMIT 1', [tenantId]);
      await asOwner(`UPDATE audit_log SET action = 'auth.nothing-happened' WHERE tenant_id = $1 AND seq = $2`, [tenantId, first!.seq]);
      const run = cli(['audit:verify', '--tenant', slug], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`audit chain of tenant ${tenantId} is BROKEN at entry ${first!.seq}: altered-entry (0 entries verified before it).`);
      expect(run.stdout).not.toContain('intact');
    });
  });

  describe('the first platform admin', () => {
    const email = `root-${randomBytes(3).toString('hex')}@cli.example.test`;
    const asOwner = <T extends object>(sql: string, params: unknown[] = []) => withPgClient(env.DATABASE_MIGRATION_URL, async (client) => (await client.query<T & Record<string, unknown>>(sql, params)).rows);
    let token: string;

    it('is created by the CLI, which prints a one-time set-password token once and no other secret', async () => {
      const run = cli(['auth:create-platform-admin', '--email', email, '--display-name', 'Root'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const userId = new RegExp(`^platform admin ${email.replace(/\./g, '\\.')} created \\(user ([0-9a-f-]{36})\\)\\.$`, 'm').exec(run.stdout)?.[1];
      expect(userId).toBeDefined();
      const tokens = run.stdout.match(/tsp_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}/g) ?? [];
      expect(tokens).toHaveLength(1);
      token = tokens[0]!;
      for (const secret of ['cli-app-secret', 'cli-owner-secret']) expect(run.stdout).not.toContain(secret);

      const [user] = await asOwner<{ id: string; is_platform_admin: boolean; password_hash: string | null }>('SELECT id, is_platform_admin, password_hash FROM auth_users WHERE email = $1', [email]);
      expect(user).toEqual({ id: userId, is_platform_admin: true, password_hash: null });
      // The database holds only the hash of the token's secret (its last 43 characters: 256 bits, base64url).
      const [reset] = await asOwner<{ token_hash: string }>('SELECT token_hash FROM auth_password_resets WHERE user_id = $1 AND used_at IS NULL', [userId]);
      expect(reset!.token_hash).toBe(createHash('sha256').update(token.slice(-43)).digest('hex'));
      const audit = await asOwner<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id IS NULL AND action = 'auth.platform-admin-granted' AND target_id = $1", [userId]);
      expect(audit).toHaveLength(1);
    });

    it('sets a password with the printed token and logs in at platform level, holding platform permissions only', async () => {
      const t = await startTestPlatform({
        modules: builtinModules,
        database: { name: database, adminUrl, appUrl: env.DATABASE_URL, migrationUrl: env.DATABASE_MIGRATION_URL, drop: async () => undefined },
      });
      try {
        await t.http().post('/api/v1/auth/password/reset').send({ token, newPassword: 'the platform root password' }).expect(200);
        const login = await t.http().post('/api/v1/auth/login').send({ email, password: 'the platform root password' }).expect(200);
        expect(login.body.tenantId).toBeNull();
        const me = await t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200);
        expect(me.body.permissions).toContain('platform.tenants.manage');
        expect(me.body.permissions.every((permission: string) => permission.startsWith('platform.'))).toBe(true);
      } finally {
        await t.close();
      }
    });

    it('granting an account that has a password prints no token', () => {
      const run = cli(['auth:create-platform-admin', '--email', email], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^platform admin ${email.replace(/\./g, '\\.')} granted \\(user [0-9a-f-]{36}\\)\\.$`, 'm'));
      expect(run.stdout).not.toMatch(/tsp_/);
    });

    it('refuses an address that is not an email with exit code 1', () => {
      const run = cli(['auth:create-platform-admin', '--email', 'not-an-email'], env);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(/tsp_/);
    });
  });

  it('fails with exit code 1 and a message for an unknown tenant', () => {
    const run = cli(['audit:verify', '--tenant', 'no-such-tenant'], env);
    expect(run.stderr).toContain('No tenant with the slug "no-such-tenant".');
    expect(run.code).toBe(1);
  });

  it('answers a usage error with exit code 2', () => {
    expect(cli(['no-such-command'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "no-such-command"') });
    expect(cli(['audit:verify', '--bogus'], env)).toMatchObject({ code: 2 });
  });
});
