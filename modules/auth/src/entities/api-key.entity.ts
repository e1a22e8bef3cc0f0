import { Entity, Property } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';

/** A credential for an integration: scoped to a subset of tenant permissions, stored hashed. */
@Entity({ tableName: 'auth_api_keys' })
export class ApiKey extends TenantOwnedEntity {

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', fieldName: 'secret_hash', hidden: true })
  secretHash!: string;

  @Property({ type: 'text[]' })
  permissions!: string[];

  @Property({ type: 'uuid', fieldName: 'created_by' })
  createdBy!: string;

  @Property({ type: 'datetime', fieldName: 'expires_at', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'last_used_at', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'revoked_at', nullable: true })
  revokedAt: Date | null = null;
}
