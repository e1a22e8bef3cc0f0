import {
  Body,
  Controller,
  createZodDto,
  defineModule,
  Entity,
  EntityManager,
  Get,
  Inject,
  Injectable,
  Module,
  MODULE_LOGGER,
  type ModuleLogger,
  NotFoundError,
  Param,
  ParseUUIDPipe,
  Post,
  Property,
  RequirePermissions,
  TenantOwnedEntity,
  tenantIsolation,
  z,
} from '@tessera/module-sdk';

@Entity({ tableName: 'demo_catalog_items' })
export class CatalogItem extends TenantOwnedEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'integer', fieldName: 'price_cents' })
  priceCents!: number;
}

class CreateItemDto extends createZodDto(
  z.object({
    title: z.string().min(1).max(200),
    priceCents: z.number().int().min(0),
  }),
) {}

@Injectable()
export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    @Inject(MODULE_LOGGER) private readonly logger: ModuleLogger,
  ) {}

  async create(input: CreateItemDto): Promise<CatalogItem> {
    const item = this.em.create(CatalogItem, input);
    await this.em.flush();
    this.logger.info({ itemId: item.id }, 'catalog item created');
    return item;
  }

  list(): Promise<CatalogItem[]> {
    return this.em.find(CatalogItem, {}, { orderBy: { id: 'asc' } });
  }

  async get(id: string): Promise<CatalogItem> {
    const item = await this.em.findOne(CatalogItem, { id });
    if (!item) throw new NotFoundError('CATALOG_ITEM_NOT_FOUND', `Item ${id} was not found.`);
    return item;
  }
}

@Controller('demo-catalog/items')
class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @RequirePermissions('demo-catalog.write')
  create(@Body() body: CreateItemDto) {
    return this.catalog.create(body);
  }

  @Get()
  @RequirePermissions('demo-catalog.read')
  async list() {
    return { data: await this.catalog.list() };
  }

  @Get(':id')
  @RequirePermissions('demo-catalog.read')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.catalog.get(id);
  }
}

@Module({ controllers: [CatalogController], providers: [CatalogService], exports: [CatalogService] })
class DemoCatalogNestModule {}

/** Test-only: a critical module with a tenant-owned table, RLS and routes. */
export const demoCatalogModule = defineModule({
  name: 'demo-catalog',
  version: '1.2.0',
  platform: '^1.0.0',
  description: 'Test-only catalog.',
  nestModule: DemoCatalogNestModule,
  entities: [CatalogItem],
  config: z.object({ currency: z.string().length(3).default('EUR').describe('Currency of prices.') }),
  permissions: [
    { key: 'demo-catalog.read', description: 'Read items' },
    { key: 'demo-catalog.write', description: 'Write items' },
  ],
  migrations: [
    {
      name: '0001-items',
      up: [
        `CREATE TABLE demo_catalog_items (
           id uuid PRIMARY KEY,
           tenant_id uuid NOT NULL REFERENCES tenants(id),
           title text NOT NULL,
           price_cents integer NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now(),
           updated_at timestamptz NOT NULL DEFAULT now(),
           UNIQUE (tenant_id, id)
         )`,
        ...tenantIsolation('demo_catalog_items'),
      ],
    },
    {
      name: '0002-custom-fields',
      up: [
        `ALTER TABLE demo_catalog_items ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}'`,
        `CREATE INDEX demo_catalog_items_custom_fields ON demo_catalog_items USING GIN (custom_fields jsonb_path_ops)`,
      ],
    },
  ],
  // A custom-field target, so that suites booting this module (the cross-tenant suite) cover custom fields.
  customFieldTargets: [{ name: 'demo-catalog-item', description: 'Test-only catalog item', table: 'demo_catalog_items', column: 'custom_fields' }],
  health: [{ name: 'items-table', check: async () => ({ status: 'up' }) }],
});
