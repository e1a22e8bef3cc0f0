import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A token signing key pair. The private key is encrypted with AUTH_KEY_ENCRYPTION_SECRET. */
@Entity({ tableName: 'auth_signing_keys' })
export class SigningKey {
  [OptionalProps]?: 'algorithm' | 'verifyUntil' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'text' })
  kid!: string;

  @Property({ type: 'text' })
  algorithm = 'EdDSA';

  /** SPKI PEM. */
  @Property({ type: 'text', fieldName: 'public_key' })
  publicKey!: string;

  @Property({ type: 'text', fieldName: 'private_key_encrypted', hidden: true })
  privateKeyEncrypted!: string;

  /** `active` signs; `retiring` only verifies, until `verifyUntil`. */
  @Property({ type: 'text' })
  state!: 'active' | 'retiring';

  @Property({ type: 'datetime', fieldName: 'verify_until', nullable: true })
  verifyUntil: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'created_at' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
