import { Inject, Injectable } from '@nestjs/common';
import { DOMAIN_EVENTS, type DomainEvents } from '@tessera/module-sdk';
import { CONTACT_EVENTS, type ContactCreated, type ContactDeleted, type ContactMerged, type ContactRestored, type ContactUpdated } from '../contacts.events';

/** Typed publication of the declared events (through the outbox: delivered after the commit). */
@Injectable()
export class ContactEvents {
  constructor(@Inject(DOMAIN_EVENTS) private readonly events: DomainEvents) {}

  created(payload: ContactCreated): Promise<void> {
    return this.events.publish(CONTACT_EVENTS.created, payload);
  }

  updated(payload: ContactUpdated): Promise<void> {
    return this.events.publish(CONTACT_EVENTS.updated, payload);
  }

  deleted(payload: ContactDeleted): Promise<void> {
    return this.events.publish(CONTACT_EVENTS.deleted, payload);
  }

  restored(payload: ContactRestored): Promise<void> {
    return this.events.publish(CONTACT_EVENTS.restored, payload);
  }

  merged(payload: ContactMerged): Promise<void> {
    return this.events.publish(CONTACT_EVENTS.merged, payload);
  }
}
