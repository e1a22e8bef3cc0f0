import { ForbiddenError, NotFoundError, ValidationError, type FlagValue } from '@tessera/module-sdk';
import type { DeclaredFlag, FlagCatalog } from '../catalog/flag-catalog';
import type { Authority } from './actor';

/** The declared flag `key`, or 404 `FLAG_NOT_FOUND`. */
export function declaredFlag(catalog: FlagCatalog, key: string): DeclaredFlag {
  const flag = catalog.get(key);
  if (!flag) throw new NotFoundError('FLAG_NOT_FOUND', `No loaded module declares the flag "${key}".`, { key });
  return flag;
}

/** Refuses a tenant admin on a flag that is the platform's to set. */
export function assertAdjustable(flag: DeclaredFlag, authority: Authority): void {
  if (authority === 'tenant' && !flag.tenantAdjustable) {
    throw new ForbiddenError(
      'FLAG_NOT_TENANT_ADJUSTABLE',
      `The flag "${flag.key}" (${flag.type}) is set by platform admins only; tenant admins may override release flags and flags declared tenantAdjustable.`,
      { key: flag.key },
    );
  }
}

/** 400 `VALIDATION_FAILED` on `field` unless `value` has the flag's type. */
export function assertValueFits(catalog: FlagCatalog, flag: DeclaredFlag, value: unknown, field = 'value'): asserts value is FlagValue {
  if (!catalog.accepts(flag, value)) {
    throw new ValidationError([{ field, message: `must be a ${flag.valueType}: "${flag.key}" is a ${flag.valueType} flag.` }]);
  }
}
