import { Entity, OptionalProps, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';
import { v7 as uuidv7 } from 'uuid';

/** How a session was started: the MFA and SSO steps will add their own methods. */
export type SessionMethod = 'password' | 'invitation' | 'password-change';

/** The fields every session has, in a tenant or at platform level. */
export interface SessionFields {
  id: string;
  userId: string;
  refreshHash: string;
  previousHashes: string[];
  generation: number;
  method: SessionMethod;
  expiresAt: Date;
  idleExpiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  ip: string;
  userAgent: string;
  createdAt: Date;
}

type SessionOptional = 'previousHashes' | 'generation' | 'revokedAt' | 'revokedReason' | 'ip' | 'userAgent';

/**
 * A login session in a tenant, which is also the family of its refresh tokens: the current token's hash,
 * and the hashes of the tokens it replaced (for reuse detection).
 */
@Entity({ tableName: 'auth_sessions' })
export class TenantSession extends TenantOwnedEntity implements SessionFields {

  @Property({ type: 'uuid', fieldName: 'user_id' })
  userId!: string;

  @Property({ type: 'text', fieldName: 'refresh_hash', hidden: true })
  refreshHash!: string;

  @Property({ type: 'text[]', fieldName: 'previous_hashes', hidden: true })
  previousHashes: Opt<string[]> = [];

  @Property({ type: 'integer' })
  generation: Opt<number> = 1;

  @Property({ type: 'text' })
  method!: SessionMethod;

  @Property({ type: 'datetime', fieldName: 'expires_at' })
  expiresAt!: Date;

  @Property({ type: 'datetime', fieldName: 'idle_expires_at' })
  idleExpiresAt!: Date;

  @Property({ type: 'datetime', fieldName: 'revoked_at', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'text', fieldName: 'revoked_reason', nullable: true })
  revokedReason: string | null = null;

  @Property({ type: 'text' })
  ip: Opt<string> = '';

  @Property({ type: 'text', fieldName: 'user_agent' })
  userAgent: Opt<string> = '';
}

/** A platform admin's session: the same family model, outside every tenant. */
@Entity({ tableName: 'auth_platform_sessions' })
export class PlatformSession implements SessionFields {
  [OptionalProps]?: SessionOptional | 'id' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid', fieldName: 'user_id' })
  userId!: string;

  @Property({ type: 'text', fieldName: 'refresh_hash', hidden: true })
  refreshHash!: string;

  @Property({ type: 'text[]', fieldName: 'previous_hashes', hidden: true })
  previousHashes: string[] = [];

  @Property({ type: 'integer' })
  generation = 1;

  @Property({ type: 'text' })
  method!: SessionMethod;

  @Property({ type: 'datetime', fieldName: 'expires_at' })
  expiresAt!: Date;

  @Property({ type: 'datetime', fieldName: 'idle_expires_at' })
  idleExpiresAt!: Date;

  @Property({ type: 'datetime', fieldName: 'revoked_at', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'text', fieldName: 'revoked_reason', nullable: true })
  revokedReason: string | null = null;

  @Property({ type: 'text' })
  ip = '';

  @Property({ type: 'text', fieldName: 'user_agent' })
  userAgent = '';

  @Property({ type: 'datetime', fieldName: 'created_at' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
