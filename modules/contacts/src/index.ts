/**
 * @tessera/contacts — people and organisations. The registry loads `contactsModule`; other modules depend on
 * it (`dependsOn: { contacts: '^1.0.0' }`) and subscribe to its events by name, with the payload types below.
 */
export { contactsModule } from './contacts.module';
export type { ContactsConfig } from './contacts.config';
export { CONTACT_EVENTS } from './contacts.events';
export type { ContactCreated, ContactDeleted, ContactMerged, ContactRestored, ContactUpdated } from './contacts.events';
