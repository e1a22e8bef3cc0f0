/**
 * The ORM-free part of persistence: provisioning and the embedded server. Test global setups import
 * this entry so that no entity metadata is created outside the test's own module registry.
 */
export { startEmbeddedDatabase } from './embedded-database';
export type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-database';
export { provisionDatabase, dropDatabase } from './provision-database';
export type { ProvisionOptions, ProvisionedDatabase } from './provision-database';
