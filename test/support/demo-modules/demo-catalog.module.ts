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
  Query,
  RequirePermissions,
  SEARCH_INDEX,
  type SearchIndex,
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

class SearchItemsDto extends createZodDto(
  z.object({
    text: z.string().min(1).max(200),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1000).optional(),
  }),
) {}

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
    @Inject(SEARCH_INDEX) private readonly search: SearchIndex,
  ) {}

  async create(input: CreateItemDto): Promise<CatalogItem> {
    const item = this.em.create(CatalogItem, input);
    await this.em.flush();
    // Same transaction as the row (PostgreSQL backend): the item is searchable exactly when it exists.
    await this.search.upsert('demo-catalog', [{ id: item.id, fields: { title: item.title } }]);
    this.logger.info({ itemId: item.id }, 'catalog item created');
    return item;
  }

  list(): Promise<CatalogItem[]> {
    return this.em.find(CatalogItem, {}, { orderBy: { id: 'asc' } });
  }

  /** Hits are ids: the rows are loaded through the ORM (row-level security applies), best first. */
  async find(query: SearchItemsDto): Promise<{ data: CatalogItem[]; nextCursor: string | null }> {
    const page = await this.search.search('demo-catalog', { text: query.text, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    const rows = await this.em.find(CatalogItem, { id: { $in: page.hits.map((hit) => hit.id) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { data: page.hits.map((hit) => byId.get(hit.id)).filter((row): row is CatalogItem => row !== undefined), nextCursor: page.nextCursor };
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

  @Get('search')
  @RequirePermissions('demo-catalog.read')
  search(@Query() query: SearchItemsDto) {
    return this.catalog.find(query);
  }

  @Get(':id')
  @RequirePermissions('demo-catalog.read')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.catalog.get(id);
  }
}

@Module({ controllers: [CatalogController], providers: [CatalogService], exports: [CatalogService] })
class DemoCatalogNestModule {}

/** Test-only: a critical module with a tenant-owned table, RLS, routes and a searchable entity. */
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
  searchCollections: [{ name: 'demo-catalog', description: 'Catalog items by title', fields: { title: { kind: 'text', weight: 'A' } } }],
  health: [{ name: 'items-table', check: async () => ({ status: 'up' }) }],
});
