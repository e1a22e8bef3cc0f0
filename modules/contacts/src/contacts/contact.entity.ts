import { Entity, Property, TenantOwnedEntity } from '@tessera/module-sdk';
import type { CustomFieldValues } from '@tessera/custom-fields';

/** One email of a contact: lower-cased, trimmed, valid; unique within the contact. */
export interface ContactEmail {
  readonly address: string;
  readonly label: string | null;
}

/** One phone number of a contact, in E.164; unique within the contact. */
export interface ContactPhone {
  readonly number: string;
  readonly label: string | null;
}

/**
 * A person or an organisation. Written only through `ContactWrites` (identifiers, and later the search
 * index, follow every write there). Soft-deleted rows stay until the purge or an erasure.
 */
@Entity({ tableName: 'contacts' })
export class Contact extends TenantOwnedEntity {
  @Property({ type: 'text', fieldName: 'first_name', nullable: true })
  firstName: string | null = null;

  @Property({ type: 'text', fieldName: 'middle_name', nullable: true })
  middleName: string | null = null;

  @Property({ type: 'text', fieldName: 'last_name', nullable: true })
  lastName: string | null = null;

  /** Honorific before the name: "Dr", "Ms". */
  @Property({ type: 'text', nullable: true })
  prefix: string | null = null;

  /** After the name: "Jr.", "PhD". */
  @Property({ type: 'text', nullable: true })
  suffix: string | null = null;

  /** Derived from the other fields on every write (see `displayNameOf`); never written by clients. */
  @Property({ type: 'text', fieldName: 'display_name' })
  displayName!: string;

  @Property({ type: 'text', nullable: true })
  company: string | null = null;

  @Property({ type: 'text', fieldName: 'job_title', nullable: true })
  jobTitle: string | null = null;

  @Property({ type: 'json' })
  emails: ContactEmail[] = [];

  @Property({ type: 'json' })
  phones: ContactPhone[] = [];

  /** Trimmed, lower-cased, inner whitespace collapsed: one form per tag. */
  @Property({ type: 'json' })
  tags: string[] = [];

  /** A member of the tenant (checked through auth's `TENANT_MEMBERS` on every write that sets it). */
  @Property({ type: 'uuid', fieldName: 'owner_id', nullable: true })
  ownerId: string | null = null;

  /** Exactly what the custom-fields validator returned. */
  @Property({ type: 'json', fieldName: 'custom_fields' })
  customFields: CustomFieldValues = {};

  /** Optimistic concurrency: +1 on every write; the ETag of the contact. */
  @Property({ type: 'integer' })
  version = 1;

  /** The principal id (user or API key) that created it; null for the platform's own work. */
  @Property({ type: 'text', fieldName: 'created_by', nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime', fieldName: 'deleted_at', nullable: true })
  deletedAt: Date | null = null;

  @Property({ type: 'text', fieldName: 'deleted_by', nullable: true })
  deletedBy: string | null = null;

  /** Set when the contact was merged into another (it is then also deleted). */
  @Property({ type: 'uuid', fieldName: 'merged_into_id', nullable: true })
  mergedIntoId: string | null = null;
}
