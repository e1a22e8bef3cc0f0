/**
 * @tessera/module-sdk — the public contract between the Tessera platform and its modules.
 * Everything exported here is documented and versioned; nothing internal is re-exported.
 */
export { defineModule, isModuleDefinition } from './define-module';
export { MODULE_DEFINITION_BRAND } from './module-definition';
export type {
  BuiltInRole,
  HealthCheckResult,
  InjectionToken,
  ModuleCommand,
  ModuleCommandOption,
  ModuleConfigSchema,
  ModuleContext,
  ModuleDefinition,
  ModuleDefinitionInput,
  ModuleEntity,
  ModuleHealthCheck,
  ModuleHooks,
  ModuleLogger,
  PermissionDeclaration,
} from './module-definition';
export type { Authenticator, CredentialSource } from './authenticator';
export { hasPermissions } from './principal';
export type { Principal } from './principal';
export { RequestContext } from './request-context';
export type { RequestContextData } from './request-context';
export { ConflictError, ForbiddenError, NotFoundError, TesseraError, ValidationError } from './errors';
export type { ErrorKind, FieldProblem } from './errors';
export { Authenticated, Public, RequirePermissions, ROUTE_ACCESS_METADATA } from './route-access.decorators';
export type { RouteAccess } from './route-access.decorators';
export { MODULE_CONFIG, MODULE_LOGGER } from './tokens';
export { AUDIT_LOG } from './audit-log';
export { PERMISSION_CATALOG } from './permission-catalog';
export type { PermissionCatalog } from './permission-catalog';
export type { AuditEntryInput, AuditLog } from './audit-log';
export { tenantIsolation } from './migrations';
export type { ModuleMigration } from './migrations';
export { TenantOwnedEntity, TENANT_OWNED_BRAND, isTenantOwnedEntity } from './tenant-owned.entity';
export { defineJob, JOB_QUEUE, NonRetryableJobError } from './jobs';
export type {
  EnqueuedJob,
  EnqueueOptions,
  JobActor,
  JobBackoff,
  JobContext,
  JobDeclaration,
  JobHandler,
  JobQueue,
  JobSchedule,
  JobState,
  JobStatus,
  QueueDeclaration,
} from './jobs';
