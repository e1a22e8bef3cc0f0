import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, ValidationError, type AuditLog, type FlagType, type FlagValue } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { FlagValueType } from '../catalog/flag-catalog';
import { FlagsRuntime } from '../flags-runtime.service';
import type { GlobalFlagSetting, RolloutStickiness } from '../state/flag-states';
import { currentActor, outsideTransactionOnly } from './actor';
import { assertValueFits, declaredFlag } from './flag-lookup';
import { pageOf, type Page } from './page';

/** A declared flag with its platform-wide settings. */
export interface PlatformFlagView {
  readonly key: string;
  readonly module: string;
  readonly type: FlagType;
  readonly valueType: FlagValueType;
  readonly description: string;
  readonly default: FlagValue;
  readonly tenantAdjustable: boolean;
  readonly killed: boolean;
  readonly killReason: string | null;
  readonly value: FlagValue | null;
  readonly rollout: { readonly percentage: number; readonly stickiness: RolloutStickiness } | null;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** A change of platform-wide settings; omitted fields stay as they are, `null` clears. */
export interface PlatformFlagPatch {
  readonly killed?: boolean;
  readonly killReason?: string | null;
  readonly value?: FlagValue | null;
  readonly rollout?: { readonly percentage: number; readonly stickiness: RolloutStickiness } | null;
}

type Settings = Omit<GlobalFlagSetting, 'updatedAt' | 'updatedBy'>;

const NO_SETTINGS: Settings = { killed: false, killReason: null, value: undefined, rollout: undefined };

const comparable = (settings: Settings) => ({
  killed: settings.killed,
  killReason: settings.killReason,
  value: settings.value ?? null,
  rollout: settings.rollout ?? null,
});

/** The global kill switch, percentage rollout and platform-wide value of each flag (platform admins). */
@Injectable()
export class PlatformFlagsService {
  constructor(
    private readonly runtime: FlagsRuntime,
    private readonly scope: TenantScope,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  list(cursor: string | undefined, limit: number): Page<PlatformFlagView> {
    const global = this.runtime.globalState();
    const page = pageOf(this.runtime.catalog.all, (flag) => flag.key, cursor, limit);
    return {
      nextCursor: page.nextCursor,
      data: page.data.map((flag): PlatformFlagView => {
        const setting = global.get(flag.key);
        return {
          key: flag.key,
          module: flag.module,
          type: flag.type,
          valueType: flag.valueType,
          description: flag.description,
          default: flag.default,
          tenantAdjustable: flag.tenantAdjustable,
          ...comparable(setting ?? NO_SETTINGS),
          updatedAt: setting?.updatedAt ?? null,
          updatedBy: setting?.updatedBy ?? null,
        };
      }),
    };
  }

  async update(key: string, patch: PlatformFlagPatch): Promise<PlatformFlagView> {
    outsideTransactionOnly(this.runtime.store.inTransaction());
    const flag = declaredFlag(this.runtime.catalog, key);
    if (patch.value !== undefined && patch.value !== null) assertValueFits(this.runtime.catalog, flag, patch.value);
    if (patch.rollout && flag.valueType !== 'boolean') {
      throw new ValidationError([{ field: 'rollout', message: `percentage rollouts apply to boolean flags; "${key}" is a ${flag.valueType} flag.` }]);
    }
    const { store } = this.runtime;
    const changed = await this.scope.runWithoutTenant(async () => {
      await store.lock(`flag:${key}`);
      const before: Settings = (await store.globalSetting(key)) ?? NO_SETTINGS;
      const killed = patch.killed ?? before.killed;
      const after: Settings = {
        killed,
        killReason: killed ? (patch.killReason !== undefined ? patch.killReason : before.killReason) : null,
        value: patch.value === undefined ? before.value : (patch.value ?? undefined),
        rollout: patch.rollout === undefined ? before.rollout : (patch.rollout ?? undefined),
      };
      if (JSON.stringify(comparable(before)) === JSON.stringify(comparable(after))) return false;
      await store.writeGlobalSetting(key, after, currentActor());
      await this.audit.record({
        action: 'flags.platform-settings-changed',
        target: { type: 'flag', id: key },
        before: comparable(before),
        after: comparable(after),
        metadata: { fields: Object.keys(patch) },
      });
      return true;
    });
    if (changed) await this.runtime.changed({ kind: 'global' });
    return this.list(undefined, Number.MAX_SAFE_INTEGER).data.find((view) => view.key === key)!;
  }
}
