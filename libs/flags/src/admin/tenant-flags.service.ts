import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, ConflictError, NotFoundError, type AuditLog, type FlagType, type FlagValue } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { FlagValueType } from '../catalog/flag-catalog';
import type { EvaluationReason, FlagExplanation } from '../evaluation/flag-evaluator';
import { FlagsRuntime } from '../flags-runtime.service';
import type { StoredOverride } from '../state/flag-state.store';
import { currentActor, outsideTransactionOnly, type Authority } from './actor';
import { assertAdjustable, assertValueFits, declaredFlag } from './flag-lookup';
import { pageOf, type Page } from './page';

/** Most per-user overrides one tenant may hold: they are all kept in memory with the tenant's state. */
export const MAX_USER_OVERRIDES_PER_TENANT = 10_000;

/** A flag as one tenant sees it (tenant level: no user). */
export interface TenantFlagView {
  readonly key: string;
  readonly module: string;
  readonly type: FlagType;
  readonly valueType: FlagValueType;
  readonly description: string;
  readonly default: FlagValue;
  readonly value: FlagValue;
  readonly reason: EvaluationReason;
  readonly tenantOverride: FlagValue | null;
  readonly userOverrides: number;
  readonly tenantAdjustable: boolean;
}

export interface OverrideChange {
  readonly key: string;
  readonly userId: string | null;
  readonly before: FlagValue | null;
  readonly after: FlagValue | null;
}

/** Per-tenant and per-user flag overrides, and the explain view. Every change is audited in the tenant's chain. */
@Injectable()
export class TenantFlagsService {
  constructor(
    private readonly runtime: FlagsRuntime,
    private readonly scope: TenantScope,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async list(tenantId: string, cursor: string | undefined, limit: number): Promise<Page<TenantFlagView>> {
    const state = await this.runtime.tenantState(tenantId);
    if (!state.exists) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${tenantId} was not found.`);
    const page = pageOf(this.runtime.catalog.all, (flag) => flag.key, cursor, limit);
    const data = await Promise.all(
      page.data.map(async (flag): Promise<TenantFlagView> => {
        const evaluation = await this.runtime.evaluate(flag, tenantId, undefined);
        return {
          key: flag.key,
          module: flag.module,
          type: flag.type,
          valueType: flag.valueType,
          description: flag.description,
          default: flag.default,
          value: evaluation.value,
          reason: evaluation.reason,
          tenantOverride: state.tenantOverrides.get(flag.key) ?? null,
          userOverrides: state.userOverrides.get(flag.key)?.size ?? 0,
          tenantAdjustable: flag.tenantAdjustable,
        };
      }),
    );
    return { data, nextCursor: page.nextCursor };
  }

  /** Why `key` evaluates as it does for the tenant (and optionally one of its users). */
  async explain(tenantId: string, key: string, userId: string | undefined): Promise<FlagExplanation> {
    const flag = declaredFlag(this.runtime.catalog, key);
    const state = await this.runtime.tenantState(tenantId);
    if (!state.exists) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${tenantId} was not found.`);
    return this.runtime.explain(flag, tenantId, userId);
  }

  async userOverrides(tenantId: string, key: string, cursor: string | undefined, limit: number): Promise<Page<StoredOverride>> {
    declaredFlag(this.runtime.catalog, key);
    const rows = await this.scope.run(tenantId, () => this.runtime.store.userOverrides(tenantId, key, cursor, limit + 1));
    const data = rows.slice(0, limit);
    return { data, nextCursor: rows.length > limit ? data[data.length - 1]!.userId : null };
  }

  /** Sets (value) or clears (null) the tenant-wide override, or one user's when `userId` is given. */
  async setOverride(tenantId: string, key: string, userId: string | null, value: FlagValue | null, authority: Authority): Promise<OverrideChange> {
    outsideTransactionOnly(this.runtime.store.inTransaction());
    const flag = declaredFlag(this.runtime.catalog, key);
    assertAdjustable(flag, authority);
    if (value !== null) assertValueFits(this.runtime.catalog, flag, value);
    const { store } = this.runtime;
    let change: OverrideChange;
    try {
      change = await this.scope.run(tenantId, async () => {
        await store.lock(`tenant:${tenantId}`);
        if (!(await store.tenantExists(tenantId))) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${tenantId} was not found.`);
        const before = (await store.override(tenantId, key, userId))?.value ?? null;
        if (value === null) {
          if (before !== null) await store.deleteOverride(tenantId, key, userId);
        } else {
          if (userId !== null && before === null && (await store.countUserOverrides(tenantId)) >= MAX_USER_OVERRIDES_PER_TENANT) {
            throw new ConflictError(
              'USER_OVERRIDE_LIMIT',
              `The tenant already has ${MAX_USER_OVERRIDES_PER_TENANT} per-user overrides; clear some, or use a tenant override or a rollout.`,
            );
          }
          await store.writeOverride(tenantId, key, userId, value, currentActor());
        }
        const result = { key, userId, before, after: value };
        if (before !== value) {
          const subject = userId === null ? 'tenant' : 'user';
          await this.audit.record({
            action: value === null ? `flags.${subject}-override-cleared` : `flags.${subject}-override-set`,
            target: { type: 'flag', id: key },
            before: { value: before },
            after: { value },
            metadata: userId === null ? { authority } : { authority, userId },
          });
        }
        return result;
      });
    } finally {
      this.runtime.forget(tenantId);
    }
    if (change.before !== change.after) await this.runtime.changed({ kind: 'tenant', tenantId });
    return change;
  }
}
