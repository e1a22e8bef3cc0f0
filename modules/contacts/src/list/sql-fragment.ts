import type { SqlFragment } from '@tessera/custom-fields';

/** SQL with `?` placeholders and their values (the custom-fields contract's shape, reused for our own filters). */
export const sql = (text: string, params: readonly unknown[] = []): SqlFragment => ({ sql: text, params });
