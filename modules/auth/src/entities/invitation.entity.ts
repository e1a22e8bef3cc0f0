import { Entity, Property } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';

/** An invitation to join a tenant with a role, redeemed once with the token sent by email. */
@Entity({ tableName: 'auth_invitations' })
export class Invitation extends TenantOwnedEntity {

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'text', fieldName: 'token_hash', hidden: true })
  tokenHash!: string;

  /** `<principal kind>:<id>` of who invited (a user, or the platform for a tenant's first owner). */
  @Property({ type: 'text', fieldName: 'invited_by' })
  invitedBy!: string;

  @Property({ type: 'datetime', fieldName: 'expires_at' })
  expiresAt!: Date;

  @Property({ type: 'datetime', fieldName: 'accepted_at', nullable: true })
  acceptedAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'revoked_at', nullable: true })
  revokedAt: Date | null = null;
}
