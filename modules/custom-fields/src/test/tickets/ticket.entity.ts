import { Entity, Property, TenantOwnedEntity } from '@tessera/module-sdk';
import type { CustomFieldValues } from '../../index';

/** Test-only target: what a module like contacts stores. */
@Entity({ tableName: 'test_tickets' })
export class Ticket extends TenantOwnedEntity {
  @Property({ type: 'text' })
  title!: string;

  /** The custom values, exactly as the custom-fields validator returned them. */
  @Property({ type: 'json', fieldName: 'custom_fields' })
  customFields: CustomFieldValues = {};
}
