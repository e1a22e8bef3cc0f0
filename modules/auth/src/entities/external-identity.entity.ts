import { Entity, Property } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';

/** Reserved for SAML SSO: the subject a tenant's identity provider uses for a user. */
@Entity({ tableName: 'auth_external_identities' })
export class ExternalIdentity extends TenantOwnedEntity {
  @Property({ type: 'uuid', fieldName: 'user_id' })
  userId!: string;

  @Property({ type: 'text' })
  provider!: string;

  @Property({ type: 'text' })
  subject!: string;
}
