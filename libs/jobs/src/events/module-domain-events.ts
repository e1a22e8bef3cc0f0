import { randomUUID } from 'node:crypto';
import { RequestContext, TesseraError, type DomainEvent, type DomainEvents } from '@tessera/module-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { JobCatalog } from '../catalog/job-catalog';
import { jobIdFor } from '../envelope/job-ids';
import type { JobEnvelope } from '../envelope/job-envelope';
import type { JobsPorts } from '../jobs-ports';
import type { JobOutbox } from '../outbox/job-outbox';

/**
 * The {@link DomainEvents} one module receives. Publishing enqueues, through the outbox, one delivery job
 * per subscriber that is enabled for the tenant: delivered after the publisher's transaction commits,
 * at least once, with retries and dead letters like any job. The event id is the idempotency key of
 * every delivery, so a publish replayed from the outbox never delivers twice.
 */
export class ModuleDomainEvents implements DomainEvents {
  constructor(
    private readonly module: string,
    private readonly catalog: JobCatalog,
    private readonly outbox: JobOutbox,
    private readonly ports: () => Pick<JobsPorts, 'enablement'>,
    private readonly maxPayloadBytes: number,
  ) {}

  async publish<TPayload>(name: string, payload: TPayload): Promise<void> {
    if (!this.catalog.publishes(this.module, name)) {
      throw new TesseraError(
        'internal',
        'EVENT_NOT_DECLARED',
        `Module "${this.module}" published "${name}", which it does not declare. Add it to events.publishes in its definition.`,
      );
    }
    const context = RequestContext.current();
    const tenantId = context?.tenantId;
    if (!tenantId) {
      throw new TesseraError('internal', 'TENANT_CONTEXT_MISSING', `The event "${name}" was published outside a tenant context.`);
    }
    const json = JSON.stringify(payload ?? null);
    if (Buffer.byteLength(json) > this.maxPayloadBytes) {
      throw new TesseraError('internal', 'EVENT_PAYLOAD_TOO_LARGE', `The payload of "${name}" is larger than ${this.maxPayloadBytes} bytes; publish ids, not records.`);
    }
    const principal = context.principal;
    const event: DomainEvent = {
      id: uuidv7(),
      name,
      module: this.module,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: principal ? { kind: principal.kind, id: principal.id } : null,
      requestId: context.requestId ?? `system-${randomUUID()}`,
      payload: JSON.parse(json) as unknown,
    };
    const { enablement } = this.ports();
    for (const delivery of this.catalog.subscribersOf(name)) {
      const enabled = enablement.isEnabled(tenantId, delivery.module);
      if (!(typeof enabled === 'boolean' ? enabled : await enabled)) continue;
      const key = `event:${event.id}`;
      const envelope: JobEnvelope = {
        format: 1,
        kind: 'job',
        module: delivery.module,
        tenantId,
        actor: event.actor,
        requestId: event.requestId,
        idempotencyKey: key,
        schemaVersion: delivery.version,
        enqueuedAt: event.occurredAt,
        input: event,
      };
      await this.outbox.submit(delivery, [{ envelope, jobId: jobIdFor(tenantId, delivery.name, key) }]);
    }
  }
}
