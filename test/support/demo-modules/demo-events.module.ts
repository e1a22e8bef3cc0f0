import {
  Body,
  Controller,
  createZodDto,
  defineModule,
  DOMAIN_EVENTS,
  EntityManager,
  Inject,
  Injectable,
  Module,
  Post,
  RequestContext,
  RequirePermissions,
  tenantIsolation,
  z,
  type DomainEvent,
  type DomainEventHandler,
  type DomainEvents,
} from '@tessera/module-sdk';

// Test-only: a publisher (orders) and a subscriber (ledger) of a domain event.

export interface OrderPlaced {
  readonly orderId: string;
}

class PlaceOrderDto extends createZodDto(z.object({ orderId: z.string().min(1).max(50), failAfterPublish: z.boolean().default(false) })) {}

@Controller('demo-orders')
class OrdersController {
  constructor(@Inject(DOMAIN_EVENTS) private readonly events: DomainEvents) {}

  @Post()
  @RequirePermissions('demo-orders.write')
  async place(@Body() body: PlaceOrderDto) {
    await this.events.publish<OrderPlaced>('demo-orders.order-placed', { orderId: body.orderId });
    if (body.failAfterPublish) throw new Error('the order could not be saved after all');
    return { placed: body.orderId };
  }
}

@Module({ controllers: [OrdersController] })
class DemoOrdersNestModule {}

export const demoOrdersModule = defineModule({
  name: 'demo-orders',
  version: '1.0.0',
  platform: '^1.0.0',
  nestModule: DemoOrdersNestModule,
  permissions: [{ key: 'demo-orders.write', description: 'Place orders' }],
  events: { publishes: [{ name: 'demo-orders.order-placed', description: 'An order was placed.' }] },
});

/** How many times each event's delivery failed on purpose before succeeding (to observe retries). */
export const failuresBeforeSuccess = new Map<string, number>();

@Injectable()
export class OnOrderPlaced implements DomainEventHandler<OrderPlaced> {
  constructor(private readonly em: EntityManager) {}

  async handle(event: DomainEvent<OrderPlaced>): Promise<void> {
    const remaining = failuresBeforeSuccess.get(event.payload.orderId) ?? 0;
    if (remaining > 0) {
      failuresBeforeSuccess.set(event.payload.orderId, remaining - 1);
      throw new Error('ledger temporarily unavailable');
    }
    await this.em.execute(
      `INSERT INTO demo_ledger_entries (tenant_id, event_id, order_id, context_tenant, actor_id, request_id)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [event.tenantId, event.id, event.payload.orderId, RequestContext.requireTenantId(), event.actor?.id ?? null, event.requestId],
    );
  }
}

@Module({ providers: [OnOrderPlaced] })
class DemoLedgerNestModule {}

export const demoLedgerModule = defineModule({
  name: 'demo-ledger',
  version: '1.0.0',
  platform: '^1.0.0',
  dependsOn: { 'demo-orders': '^1.0.0' },
  nestModule: DemoLedgerNestModule,
  events: { subscribes: [{ event: 'demo-orders.order-placed', handler: OnOrderPlaced }] },
  migrations: [
    {
      name: '0001-ledger',
      up: [
        `CREATE TABLE demo_ledger_entries (
           tenant_id uuid NOT NULL REFERENCES tenants(id),
           event_id uuid NOT NULL,
           order_id text NOT NULL,
           context_tenant uuid NOT NULL,
           actor_id text,
           request_id text NOT NULL,
           PRIMARY KEY (tenant_id, event_id)
         )`,
        ...tenantIsolation('demo_ledger_entries'),
      ],
    },
  ],
});
