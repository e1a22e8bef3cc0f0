import { TransactionPropagation, type MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { RequestContext, type FlagValue } from '@tessera/module-sdk';
import type { TenantScope } from '@tessera/persistence';
import type { GlobalFlagSetting, RolloutStickiness } from './flag-states';

/** A tenant's rows, as stored. */
export interface StoredTenant {
  readonly exists: boolean;
  readonly plan: string | null;
  readonly moduleChoices: ReadonlyMap<string, boolean>;
  readonly overrides: ReadonlyArray<{ readonly flagKey: string; readonly userId: string | null; readonly value: FlagValue }>;
}

export interface StoredOverride {
  readonly userId: string | null;
  readonly value: FlagValue;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

interface GlobalRow {
  flag_key: string;
  killed: boolean;
  kill_reason: string | null;
  value: FlagValue | null;
  rollout_percentage: string | null;
  rollout_stickiness: RolloutStickiness | null;
  updated_at: Date;
  updated_by: string;
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

function globalSetting(row: GlobalRow): GlobalFlagSetting {
  return {
    killed: row.killed,
    killReason: row.kill_reason,
    value: row.value ?? undefined,
    rollout:
      row.rollout_percentage !== null && row.rollout_stickiness !== null
        ? { percentage: Number(row.rollout_percentage), stickiness: row.rollout_stickiness }
        : undefined,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/**
 * SQL access to the flag and enablement tables. Reads of one tenant run in that tenant's scope (row-level
 * security applies); writes run inside the caller's transaction, which the admin services open.
 */
export class FlagStateStore {
  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly scope: TenantScope,
  ) {}

  private execute<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const em = this.orm.em;
    return em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T[]>;
  }

  /** True inside a database transaction (the admin services refuse to start a change there). */
  inTransaction(): boolean {
    return this.orm.em.getTransactionContext() !== undefined;
  }

  async loadGlobal(): Promise<Map<string, GlobalFlagSetting>> {
    const rows = await this.execute<GlobalRow>('SELECT * FROM flag_settings');
    return new Map(rows.map((row) => [row.flag_key, globalSetting(row)]));
  }

  /**
   * One tenant's rows. Inside a unit of work of the same tenant this reads in its transaction (a
   * savepoint); anywhere else it reads in a short transaction of its own, so loading tenant B's state
   * never sets B on a transaction that belongs to someone else.
   */
  loadTenant(tenantId: string): Promise<StoredTenant> {
    const read = async (): Promise<StoredTenant> => {
      const [tenant] = await this.execute<{ plan: string }>('SELECT plan FROM tenants WHERE id = ?', [tenantId]);
      const modules = await this.execute<{ module: string; enabled: boolean }>(
        'SELECT module, enabled FROM tenant_module_settings WHERE tenant_id = ?',
        [tenantId],
      );
      const overrides = await this.execute<{ flag_key: string; user_id: string | null; value: FlagValue }>(
        'SELECT flag_key, user_id, value FROM tenant_flag_overrides WHERE tenant_id = ?',
        [tenantId],
      );
      return {
        exists: tenant !== undefined,
        plan: tenant?.plan ?? null,
        moduleChoices: new Map(modules.map((row) => [row.module, row.enabled])),
        overrides: overrides.map((row) => ({ flagKey: row.flag_key, userId: row.user_id, value: row.value })),
      };
    };
    if (RequestContext.current()?.tenantId === tenantId) return this.scope.run(tenantId, read);
    const context = { ...(RequestContext.current() ?? { requestId: 'flags', source: 'system' as const }), tenantId };
    return RequestContext.run(context, () =>
      this.orm.em.transactional(
        async () => {
          await this.execute("SELECT set_config('app.tenant_id', ?, true)", [tenantId]);
          return read();
        },
        { propagation: TransactionPropagation.REQUIRES_NEW, readOnly: true },
      ),
    );
  }

  // ---- inside a change's transaction ----

  /** Serialises changes to one key (a tenant's settings, a flag's platform settings) until commit. */
  async lock(key: string): Promise<void> {
    await this.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`tessera-flags:${key}`]);
  }

  async tenantExists(tenantId: string): Promise<boolean> {
    return (await this.execute('SELECT 1 FROM tenants WHERE id = ?', [tenantId])).length > 0;
  }

  async moduleChoices(tenantId: string): Promise<Map<string, boolean>> {
    const rows = await this.execute<{ module: string; enabled: boolean }>('SELECT module, enabled FROM tenant_module_settings WHERE tenant_id = ?', [tenantId]);
    return new Map(rows.map((row) => [row.module, row.enabled]));
  }

  async writeModuleChoice(tenantId: string, module: string, enabled: boolean, actor: string): Promise<void> {
    await this.execute(
      `INSERT INTO tenant_module_settings (tenant_id, module, enabled, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, module) DO UPDATE SET enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, module, enabled, actor],
    );
  }

  async override(tenantId: string, flagKey: string, userId: string | null): Promise<StoredOverride | undefined> {
    const [row] = await this.execute<{ user_id: string | null; value: FlagValue; updated_at: Date; updated_by: string }>(
      'SELECT user_id, value, updated_at, updated_by FROM tenant_flag_overrides WHERE tenant_id = ? AND flag_key = ? AND user_id IS NOT DISTINCT FROM ?',
      [tenantId, flagKey, userId],
    );
    return row ? { userId: row.user_id, value: row.value, updatedAt: iso(row.updated_at), updatedBy: row.updated_by } : undefined;
  }

  async countUserOverrides(tenantId: string): Promise<number> {
    const [row] = await this.execute<{ count: string }>('SELECT count(*) AS count FROM tenant_flag_overrides WHERE tenant_id = ? AND user_id IS NOT NULL', [tenantId]);
    return Number(row?.count ?? 0);
  }

  async writeOverride(tenantId: string, flagKey: string, userId: string | null, value: FlagValue, actor: string): Promise<void> {
    await this.execute(
      `INSERT INTO tenant_flag_overrides (tenant_id, flag_key, user_id, value, updated_by) VALUES (?, ?, ?, ?::jsonb, ?)
       ON CONFLICT ON CONSTRAINT tenant_flag_overrides_subject
       DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, flagKey, userId, JSON.stringify(value), actor],
    );
  }

  async deleteOverride(tenantId: string, flagKey: string, userId: string | null): Promise<void> {
    await this.execute('DELETE FROM tenant_flag_overrides WHERE tenant_id = ? AND flag_key = ? AND user_id IS NOT DISTINCT FROM ?', [tenantId, flagKey, userId]);
  }

  /** One page of a flag's per-user overrides, by user id. */
  async userOverrides(tenantId: string, flagKey: string, after: string | undefined, limit: number): Promise<StoredOverride[]> {
    const rows = await this.execute<{ user_id: string; value: FlagValue; updated_at: Date; updated_by: string }>(
      `SELECT user_id, value, updated_at, updated_by FROM tenant_flag_overrides
        WHERE tenant_id = ? AND flag_key = ? AND user_id IS NOT NULL AND user_id > ?
        ORDER BY user_id LIMIT ?`,
      [tenantId, flagKey, after ?? '', limit],
    );
    return rows.map((row) => ({ userId: row.user_id, value: row.value, updatedAt: iso(row.updated_at), updatedBy: row.updated_by }));
  }

  async globalSetting(flagKey: string): Promise<GlobalFlagSetting | undefined> {
    const [row] = await this.execute<GlobalRow>('SELECT * FROM flag_settings WHERE flag_key = ?', [flagKey]);
    return row ? globalSetting(row) : undefined;
  }

  async writeGlobalSetting(flagKey: string, setting: Omit<GlobalFlagSetting, 'updatedAt' | 'updatedBy'>, actor: string): Promise<void> {
    await this.execute(
      `INSERT INTO flag_settings (flag_key, killed, kill_reason, value, rollout_percentage, rollout_stickiness, updated_by)
       VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)
       ON CONFLICT (flag_key) DO UPDATE SET killed = EXCLUDED.killed, kill_reason = EXCLUDED.kill_reason, value = EXCLUDED.value,
         rollout_percentage = EXCLUDED.rollout_percentage, rollout_stickiness = EXCLUDED.rollout_stickiness,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        flagKey,
        setting.killed,
        setting.killReason,
        setting.value === undefined ? null : JSON.stringify(setting.value),
        setting.rollout?.percentage ?? null,
        setting.rollout?.stickiness ?? null,
        actor,
      ],
    );
  }
}
