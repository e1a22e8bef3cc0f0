/**
 * @tessera/module-sdk — the public contract between the Tessera platform and its modules.
 * Everything exported here is documented and versioned; nothing internal is re-exported.
 */
export { defineModule, isModuleDefinition } from './define-module';
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
  TenantEnablement,
  TenantModuleContext,
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
export { TenantOwnedEntity, isTenantOwnedEntity } from './tenant-owned.entity';
export { TENANT_DIRECTORY } from './tenant-directory';
export type { TenantDirectory, TenantRecord } from './tenant-directory';
export { UNIT_OF_WORK } from './unit-of-work';
export type { UnitOfWork } from './unit-of-work';
export { MODULE_REDIS } from './module-redis';
export type { ModuleRedis } from './module-redis';
export { keepChanges, keepsChanges } from './keep-changes';
export { FEATURE_FLAGS, FLAG_STATE } from './feature-flags';
export type { FeatureFlagClient, FlagDeclaration, FlagState, FlagType, FlagValue } from './feature-flags';
export { MODULE_ENABLEMENT } from './module-enablement';
export type { ModuleEnablement } from './module-enablement';
export type { PlanEntitlements, PlanEntitlementSource } from './plan-entitlements';
export { CUSTOM_FIELD_TARGETS } from './custom-field-targets';
export type { CustomFieldTarget, CustomFieldTargetCatalog, CustomFieldTargetDeclaration } from './custom-field-targets';
export { SEARCH_INDEX } from './search';
export type { SearchCollectionDeclaration, SearchDocument, SearchFieldDeclaration, SearchFieldKind, SearchHit, SearchIndex, SearchPage, SearchQuery } from './search';
export { FILE_STORE } from './file-store';
export type { FileStore, FileWrite, StoredFile } from './file-store';
export { fileDownload } from './file-download';
export { UploadedBody } from './uploaded-body';
export type { UploadedBodyOptions, UploadedBodyStream } from './uploaded-body';
export type { FileDownloadOptions } from './file-download';
export { PERSONAL_DATA } from './personal-data';
export type {
  ErasureResult,
  PersonalDataCategory,
  PersonalDataDeclaration,
  PersonalDataDirectory,
  PersonalDataProvider,
  PersonalDataRecord,
  PersonalDataSubject,
} from './personal-data';
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
export { DOMAIN_EVENTS } from './domain-events';
export type { DomainEvent, DomainEventDeclaration, DomainEventHandler, DomainEventSubscription, DomainEvents, ModuleEvents } from './domain-events';

// Framework pieces modules use, re-exported so a module needs no other platform-facing import.
export * from './framework';
