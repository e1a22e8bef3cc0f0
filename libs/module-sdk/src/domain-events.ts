import type { Type } from '@nestjs/common';

/**
 * An event a module publishes for others: a fact, named `<module>.<entity>-<past-tense verb>`. Declaring it
 * makes it part of the module's contract (dependents subscribe by name; the payload type is exported from
 * the module's front door).
 *
 * @example
 * ```ts
 * events: { publishes: [{ name: 'contacts.contact-merged', description: 'Two contacts became one; `mergedIds` no longer exist.' }] }
 * ```
 */
export interface DomainEventDeclaration {
  readonly name: string;
  readonly description: string;
}

/**
 * One published event as a subscriber receives it.
 *
 * @example
 * ```ts
 * async handle(event: DomainEvent<ContactMerged>) {
 *   await this.calls.reassign(event.payload.mergedIds, event.payload.keptId);
 * }
 * ```
 */
export interface DomainEvent<TPayload = unknown> {
  /** Unique; a handler that runs twice for the same id must not apply it twice (delivery is at least once). */
  readonly id: string;
  readonly name: string;
  /** The publishing module. */
  readonly module: string;
  /** The tenant it happened in; handlers run inside that tenant's scope. `null` for platform events. */
  readonly tenantId: string | null;
  readonly occurredAt: string;
  readonly actor: { readonly kind: 'user' | 'api-key' | 'system'; readonly id: string } | null;
  /** The request that caused it, for correlated logs and audit entries. */
  readonly requestId: string;
  readonly payload: TPayload;
}

/**
 * Reacts to one event type. A provider of the subscribing module's Nest module. It runs as a background
 * job of the subscriber (retries, dead letters, tenant context restored), after the publisher's
 * transaction committed, never inside it.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class OnContactMerged implements DomainEventHandler<ContactMerged> {
 *   async handle(event: DomainEvent<ContactMerged>) { ... }
 * }
 * ```
 */
export interface DomainEventHandler<TPayload = unknown> {
  handle(event: DomainEvent<TPayload>): Promise<void>;
}

/**
 * A subscription of a module to an event of a module it depends on (`dependsOn` or `optionalDependsOn`).
 *
 * @example
 * ```ts
 * events: { subscribes: [{ event: 'contacts.contact-merged', handler: OnContactMerged }] }
 * ```
 */
export interface DomainEventSubscription {
  readonly event: string;
  readonly handler: Type<DomainEventHandler>;
}

/**
 * What a module publishes and what it listens to.
 *
 * @example
 * ```ts
 * events: {
 *   publishes: [{ name: 'contacts.contact-created', description: 'A contact was created.' }],
 *   subscribes: [{ event: 'custom-fields.field-archived', handler: OnFieldArchived }],
 * }
 * ```
 */
export interface ModuleEvents {
  readonly publishes?: readonly DomainEventDeclaration[];
  readonly subscribes?: readonly DomainEventSubscription[];
}

/**
 * Publishes the module's declared events. Inside a request or job the event is recorded in the same
 * transaction as the change (an outbox) and delivered to subscribers only once that transaction commits:
 * a rolled-back change publishes nothing, and a committed one is never lost.
 *
 * @example
 * ```ts
 * constructor(@Inject(DOMAIN_EVENTS) private readonly events: DomainEvents) {}
 *
 * await this.em.flush();
 * await this.events.publish('contacts.contact-created', { id: contact.id });
 * ```
 */
export interface DomainEvents {
  publish<TPayload>(name: string, payload: TPayload): Promise<void>;
}

/**
 * Injection token of the module's {@link DomainEvents}.
 *
 * @example
 * ```ts
 * constructor(@Inject(DOMAIN_EVENTS) private readonly events: DomainEvents) {}
 * ```
 */
export const DOMAIN_EVENTS = Symbol.for('tessera.domain-events');
