import type { RouteDescription } from '@tessera/kernel';
import type { JsonSchema } from './json-schema-sample';

/** A route as the router serves it, joined with what the OpenAPI document says about its inputs. */
export interface RouteOperation {
  readonly route: RouteDescription;
  readonly method: string;
  /** OpenAPI-style template, e.g. `/api/v1/contacts/{id}`. */
  readonly template: string;
  readonly pathParams: readonly string[];
  readonly query: ReadonlyArray<{ name: string; required: boolean; schema?: JsonSchema }>;
  readonly body?: JsonSchema;
  /** The media type of the request body: `application/json` when the route takes JSON, else the first one documented. */
  readonly bodyType?: string;
  readonly documented: boolean;
}

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every route of the router, with its OpenAPI inputs (undocumented routes are flagged, not skipped). */
export function routeOperations(routes: readonly RouteDescription[], document: OpenApiDocument): RouteOperation[] {
  return routes.map((route) => {
    const template = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = document.paths[template]?.[route.method.toLowerCase()];
    const parameters = operation?.parameters ?? [];
    const content = operation?.requestBody?.content ?? {};
    const bodyType = 'application/json' in content ? 'application/json' : Object.keys(content)[0];
    return {
      route,
      method: route.method,
      template,
      pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
      body: bodyType ? content[bodyType]?.schema : undefined,
      bodyType,
      documented: operation !== undefined,
    };
  });
}

/** The collection a path parameter identifies a member of: `/api/v1/contacts/{id}/notes/{noteId}`, `noteId` → `/api/v1/contacts/{id}/notes`. */
export function collectionOf(template: string, param: string): string {
  return template.slice(0, template.indexOf(`/{${param}}`));
}
