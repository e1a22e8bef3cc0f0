import { defineModule, EntityManager, Injectable, Module, tenantIsolation, type DomainEvent, type DomainEventHandler } from '@tessera/module-sdk';
import { CONTACT_EVENTS } from '../../index';

/** Records every contacts event it is delivered, as a dependent module would react to them. */
@Injectable()
export class RecordContactEvent implements DomainEventHandler {
  constructor(private readonly em: EntityManager) {}

  async handle(event: DomainEvent): Promise<void> {
    await this.em.execute('INSERT INTO test_contact_events (tenant_id, event_id, name, payload) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING', [
      event.tenantId,
      event.id,
      event.name,
      JSON.stringify(event.payload),
    ]);
  }
}

@Module({ providers: [RecordContactEvent] })
class TestContactListenerNestModule {}

/** Test-only subscriber of every contacts event (delivered as jobs after the publisher's commit). */
export const testContactListenerModule = defineModule({
  name: 'test-contact-listener',
  version: '1.0.0',
  platform: '^1.0.0',
  dependsOn: { contacts: '^1.0.0' },
  nestModule: TestContactListenerNestModule,
  events: { subscribes: Object.values(CONTACT_EVENTS).map((event) => ({ event, handler: RecordContactEvent })) },
  migrations: [
    {
      name: '0001-events',
      up: [
        `CREATE TABLE test_contact_events (
           tenant_id uuid NOT NULL REFERENCES tenants(id),
           event_id uuid NOT NULL,
           name text NOT NULL,
           payload jsonb NOT NULL,
           received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
           PRIMARY KEY (tenant_id, event_id)
         )`,
        ...tenantIsolation('test_contact_events'),
      ],
    },
  ],
});
