/**
 * Builds a plausible value for a JSON schema (as found in the OpenAPI document), so that a generic suite can
 * create data through any module's routes without per-route code. Strings without a format carry a marker,
 * so a response that contains another tenant's marker is a leak whatever its shape.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  additionalProperties?: boolean | JsonSchema;
};

export interface SampleContext {
  /** Resolves `#/components/schemas/X`. */
  readonly resolve: (ref: string) => JsonSchema;
  /** Unique text every generated free-text string contains. */
  readonly marker: string;
  /** A counter so generated values differ (unique constraints). */
  next(): number;
}

function stringFor(schema: JsonSchema, ctx: SampleContext): string {
  const n = ctx.next();
  switch (schema.format) {
    case 'email':
      return `${ctx.marker}.${n}@example.com`;
    case 'uuid':
      return '00000000-0000-4000-8000-' + String(n).padStart(12, '0');
    case 'date-time':
      return new Date(Date.UTC(2026, 0, 1 + (n % 28))).toISOString();
    case 'date':
      return `2026-01-${String(1 + (n % 28)).padStart(2, '0')}`;
    case 'uri':
    case 'url':
      return `https://example.com/${ctx.marker}/${n}`;
    default:
      break;
  }
  const text = `${ctx.marker}-${n}`;
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  const fitted = text.length > max ? text.slice(0, max) : text.padEnd(min, 'x');
  return fitted;
}

/** A boolean (or nullable boolean) with no example or default in the document. */
function isBareFlag(schema: JsonSchema, ctx: SampleContext): boolean {
  const resolved = schema.$ref ? ctx.resolve(schema.$ref) : schema;
  if (resolved.example !== undefined || resolved.examples?.length || resolved.default !== undefined || resolved.const !== undefined) return false;
  const types = [resolved.type, ...(resolved.anyOf ?? resolved.oneOf ?? []).map((alt) => alt.type)].flat().filter((type) => type !== undefined && type !== 'null');
  return types.length > 0 && types.every((type) => type === 'boolean');
}

export function sample(schema: JsonSchema | undefined, ctx: SampleContext, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.$ref) return sample(ctx.resolve(schema.$ref), ctx, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum.find((value) => value !== null) ?? schema.enum[0];
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((part) => sample(part, ctx, depth + 1) as object));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return sample(alternatives.find((alt) => alt.type !== 'null') ?? alternatives[0], ctx, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        // Optional properties too: more fields exercised, more chances to spot a leak. Except optional flags
        // without a documented value: a generated `required`, `unique` or `archived` changes what the route does
        // beyond storing data, and can stop other routes from creating theirs (a required custom field makes
        // every create of its target fail), so they keep their defaults.
        if (!schema.required?.includes(key) && isBareFlag(property, ctx)) continue;
        const value = sample(property, ctx, depth + 1);
        if (value !== undefined) result[key] = value;
      }
      return result;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, ctx, depth + 1));
    case 'integer':
    case 'number': {
      const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : (schema.minimum ?? 1);
      const value = Math.max(min, 1);
      return schema.maximum !== undefined ? Math.min(value, schema.maximum) : value;
    }
    case 'boolean':
      return true;
    case 'string':
      return stringFor(schema, ctx);
    default:
      return schema.properties ? sample({ ...schema, type: 'object' }, ctx, depth) : undefined;
  }
}

/**
 * A request body of the route's media type: JSON generated from its schema, or, for routes that take a raw
 * body (an upload), a small document of that type carrying the marker: a CSV with a header and one row for
 * `text/csv`, marked text for other `text/*` types, marked bytes otherwise.
 */
export function sampleBody(bodyType: string | undefined, schema: JsonSchema | undefined, ctx: SampleContext): { type: string; payload: unknown } | undefined {
  if (!bodyType || bodyType === 'application/json') {
    const payload = sample(schema, ctx);
    return payload === undefined ? undefined : { type: 'application/json', payload };
  }
  const n = ctx.next();
  if (bodyType === 'text/csv') return { type: bodyType, payload: `name,email\r\n${ctx.marker}-${n},${ctx.marker}.${n}@example.com\r\n` };
  if (bodyType.startsWith('text/')) return { type: bodyType, payload: `${ctx.marker}-${n}` };
  return { type: bodyType, payload: Buffer.from(`${ctx.marker}-${n}`) };
}
