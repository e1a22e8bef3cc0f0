import { collectionOf } from './route-operations';

/**
 * The real ids of tenant A the cross-tenant suite found in A's own answers, so that every member route is
 * called as tenant B with an id that exists (in A): a random id would answer 404 whether isolation holds or
 * not. Ids are kept by the collection they are members of (what a create returned, the items of a list) and
 * by field name anywhere in any answer (`jobId`, `userId`), which seeds resources made indirectly (the job of
 * an export) and parameters named after a field (`{userId}`).
 */
export class TenantIds {
  private readonly byCollection = new Map<string, string[]>();
  private readonly byField = new Map<string, string[]>();
  /** Values tenant B sees too (platform-wide names and ids): never A's, never a leak. */
  private readonly sharedValues = new Set<string>();
  private readonly sharedByCollection = new Map<string, string[]>();

  /** `id` is a member of `collection` (a template such as `/api/v1/contacts/{id}/notes`). */
  add(collection: string, id: string): void {
    const ids = this.byCollection.get(collection) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.byCollection.set(collection, ids);
  }

  /** Remembers every string field named `…Id` in an answer of tenant A, at any depth. */
  recordFields(body: unknown): void {
    walk(body, (key, value) => {
      if (!/^[a-z][A-Za-z0-9]*Id$/.test(key)) return;
      const values = this.byField.get(key) ?? [];
      if (!values.includes(value)) values.push(value);
      this.byField.set(key, values);
    });
  }

  /** Marks what tenant B also sees in `collection` (its list called as B) as shared. */
  markShared(collection: string, values: readonly string[]): void {
    for (const value of values) this.sharedValues.add(value);
    this.sharedByCollection.set(collection, [...values]);
  }

  /**
   * A real id of tenant A for `{param}` of `template`: a member of the collection the parameter indexes,
   * else a field named like the parameter (`{userId}` ← `userId`), else a field named after the collection
   * (`/api/v1/jobs/{id}` ← `jobId`).
   */
  idFor(template: string, param: string): string | undefined {
    const collection = collectionOf(template, param);
    const candidates = [
      ...this.ofCollection(collection),
      ...(param !== 'id' ? this.ofField(param) : []),
      ...singularsOf(collection).flatMap((singular) => this.ofField(`${singular}Id`)),
    ];
    return candidates[0];
  }

  /** A value tenant B also sees for `{param}` of `template` (a flag key, a module name), for allow-listed parameters. */
  sharedFor(template: string, param: string): string | undefined {
    return this.sharedByCollection.get(collectionOf(template, param))?.[0];
  }

  /** Every id of A long enough to be searched for in B's answers (a UUID, not `"1"`). */
  all(): string[] {
    const values = [...this.byCollection.values(), ...this.byField.values()].flat();
    return [...new Set(values)].filter((value) => value.length >= 16 && !this.sharedValues.has(value));
  }

  private ofCollection(collection: string): string[] {
    return (this.byCollection.get(collection) ?? []).filter((id) => !this.sharedValues.has(id));
  }

  private ofField(field: string): string[] {
    return (this.byField.get(field) ?? []).filter((id) => !this.sharedValues.has(id));
  }
}

/** The items of a list answer: `data`, `items` or `results`, or the answer itself when it is an array. */
export function itemsOf(body: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(body) ? body : ['data', 'items', 'results'].map((key) => (body as Record<string, unknown> | null)?.[key]).find(Array.isArray);
  return ((list as unknown[] | undefined) ?? []).filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/** What identifies a list item for a member route `…/{param}`: the field named like the parameter, else `id`. */
export function keyOf(item: Record<string, unknown>, param: string): string | undefined {
  const value = typeof item[param] === 'string' ? item[param] : item.id;
  return typeof value === 'string' ? value : undefined;
}

/** The keys of a list answer's items for a member route `…/{param}` (see {@link keyOf}); items without one are skipped. */
export function listedKeys(body: unknown, param: string): string[] {
  return itemsOf(body)
    .map((item) => keyOf(item, param))
    .filter((key): key is string => key !== undefined);
}

/** The id of what a create route made: `id` at the top, or of the one resource it wraps (`{ key: { id }, secret }`). */
export function createdId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if (typeof (body as { id?: unknown }).id === 'string') return (body as { id: string }).id;
  const nested = Object.values(body).filter((v): v is { id: string } => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string');
  return nested.length === 1 ? nested[0]!.id : undefined;
}

function walk(value: unknown, visit: (key: string, value: string) => void, depth = 0): void {
  if (depth > 6 || typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') visit(key, child);
    else walk(child, visit, depth + 1);
  }
}

/** `/api/v1/jobs` → `job`; `/api/v1/contacts/imports` → `import`; `/api/v1/auth/api-keys` → `apiKey`. */
function singularsOf(collection: string): string[] {
  const segment = collection.slice(collection.lastIndexOf('/') + 1).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  if (!segment || segment.startsWith('{')) return [];
  const forms = [segment.replace(/ies$/, 'y'), segment.replace(/es$/, ''), segment.replace(/s$/, '')];
  return [...new Set(forms.filter((form) => form !== segment || !segment.endsWith('s')))];
}
