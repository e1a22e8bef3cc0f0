/**
 * Module names the platform keeps for itself, with what uses each. A module named like a platform library
 * would share its migration ledger namespace (`tessera_migrations.module`), its queue and job names, its
 * permission and flag prefixes: its migrations would be checked against the library's checksums, and the
 * boot would fail far from the cause, or worse, skip the module's migrations as already applied.
 */
export const RESERVED_MODULE_NAMES: ReadonlyMap<string, string> = new Map([
  ['platform', "the platform's own migrations, permissions and routes"],
  ['kernel', 'the kernel'],
  ['audit', "the audit log library's migrations"],
  ['flags', "the feature-flag library's migrations and its permissions"],
  ['jobs', "the job layer's migrations, queues and jobs"],
  ['files', "the file store's migrations, queue and jobs"],
  ['search', "the search index's migrations"],
  ['health', 'the health routes'],
  ['metrics', 'the metrics route'],
  ['docs', 'the OpenAPI routes'],
  ['modules', "the kernel's module-enablement permissions"],
  ['capabilities', "the kernel's capabilities route"],
]);
