import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/**
 * A person, global across tenants (a platform table): one email, one password, memberships in any
 * number of tenants. Platform admins are users with `isPlatformAdmin`.
 */
@Entity({ tableName: 'auth_users' })
export class User {
  [OptionalProps]?: 'id' | 'displayName' | 'status' | 'isPlatformAdmin' | 'sessionsValidAfter' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Lower-cased. */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', fieldName: 'display_name' })
  displayName = '';

  /** argon2id PHC string; null until the person sets a password (invited, or SSO-only later). */
  @Property({ type: 'text', fieldName: 'password_hash', nullable: true, hidden: true })
  passwordHash: string | null = null;

  @Property({ type: 'text' })
  status: 'active' | 'disabled' = 'active';

  @Property({ type: 'boolean', fieldName: 'is_platform_admin' })
  isPlatformAdmin = false;

  /** Sessions started before this instant are over (password reset, "log out everywhere"). */
  @Property({ type: 'datetime', fieldName: 'sessions_valid_after' })
  sessionsValidAfter: Date = new Date(0);

  @Property({ type: 'datetime', fieldName: 'password_changed_at', nullable: true })
  passwordChangedAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'created_at' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
