import type { ModuleConfigSchema } from '@tessera/module-sdk';
import type { z } from 'zod';
import { ConfigValidationError, type ConfigProblem } from './config-validation.error';
import { moduleEnvKey, moduleEnvPrefix } from './module-env-key';
import { platformConfigSchema, type PlatformConfig } from './platform-config.schema';

/** A module's configuration namespace. */
export interface ConfigNamespace {
  readonly module: string;
  readonly schema: ModuleConfigSchema;
}

/** Validated configuration of the platform and of every loaded module. */
export interface ResolvedConfig {
  readonly platform: PlatformConfig;
  readonly modules: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Variables that look like a module setting but are not one (probably a typo). */
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether a module setting declares `.meta({ requiredInProduction: true })`: optional in development and
 * tests (the module falls back to something safe only there), required when NODE_ENV is production.
 */
function requiredInProduction(field: unknown): boolean {
  const meta = (field as z.ZodType).meta?.() as { requiredInProduction?: unknown } | undefined;
  return meta?.requiredInProduction === true;
}

function problemsOf(error: z.ZodError, namespace: string, variableOf: (key: string) => string): ConfigProblem[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return { variable: variableOf(key), namespace, message: issue.message };
  });
}

/**
 * Validates only the platform namespace: what the kernel needs before it knows which modules to load.
 *
 * @throws ConfigValidationError listing every platform problem.
 */
export function resolvePlatformConfig(env: Env): PlatformConfig {
  const result = platformConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigValidationError(problemsOf(result.error, 'platform', (key) => key));
  }
  return result.data;
}

/**
 * Validates the platform namespace and every module namespace together.
 *
 * @throws ConfigValidationError listing every problem of every namespace at once.
 */
export function resolveConfig(env: Env, namespaces: readonly ConfigNamespace[]): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const platformKeys = new Set(Object.keys(platformConfigSchema.shape));

  const platformResult = platformConfigSchema.safeParse(env);
  if (!platformResult.success) problems.push(...problemsOf(platformResult.error, 'platform', (key) => key));
  // Module schemas see only their own variables; the runtime mode comes from the platform namespace (the
  // raw value when that namespace is invalid, so a production requirement is still reported).
  const production = (platformResult.success ? platformResult.data.NODE_ENV : env.NODE_ENV) === 'production';

  const modules: Record<string, Record<string, unknown>> = {};
  const knownModuleKeys = new Set<string>();
  for (const { module, schema } of namespaces) {
    const raw: Record<string, string | undefined> = {};
    for (const key of Object.keys(schema.shape)) {
      const variable = moduleEnvKey(module, key);
      knownModuleKeys.add(variable);
      if (platformKeys.has(variable)) {
        problems.push({
          variable,
          namespace: module,
          message: `collides with the platform setting of the same name. Fix: rename the key "${key}" in the module's config schema.`,
        });
      }
      raw[key] = env[variable];
    }
    const result = schema.safeParse(raw);
    if (result.success) modules[module] = result.data as Record<string, unknown>;
    else problems.push(...problemsOf(result.error, module, (key) => moduleEnvKey(module, key)));
    if (production) {
      for (const [key, field] of Object.entries(schema.shape)) {
        const parsed = result.success ? (result.data as Record<string, unknown>)[key] : raw[key];
        if (requiredInProduction(field) && (parsed === undefined || parsed === '')) {
          problems.push({ variable: moduleEnvKey(module, key), namespace: module, message: `is required when NODE_ENV is production (${(field as z.ZodType).description ?? 'no description'})` });
        }
      }
    }
  }

  if (problems.length > 0 || !platformResult.success) throw new ConfigValidationError(problems);

  const prefixes = namespaces.map(({ module }) => `${moduleEnvPrefix(module)}_`);
  const warnings = Object.keys(env)
    .filter((variable) => !knownModuleKeys.has(variable) && prefixes.some((prefix) => variable.startsWith(prefix)))
    .map((variable) => `${variable} looks like a module setting but no loaded module declares it (typo?).`);

  return { platform: platformResult.data, modules, warnings };
}
