export { platformConfigSchema } from './platform-config.schema';
export type { PlatformConfig } from './platform-config.schema';
export { resolveConfig, resolvePlatformConfig } from './resolve-config';
export type { ConfigNamespace, ResolvedConfig } from './resolve-config';
export { ConfigValidationError } from './config-validation.error';
export type { ConfigProblem } from './config-validation.error';
export { moduleEnvKey, moduleEnvPrefix } from './module-env-key';
export { readEnvironment } from './read-environment';
export { renderEnvExample } from './env-example';
