import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@tessera/module-sdk';
import { TenantModulesService } from '@tessera/flags';
import { TenantScope } from '@tessera/persistence';
import { Tenant } from './tenant.entity';

export interface CreateTenantInput {
  readonly slug: string;
  readonly name: string;
  readonly plan?: string;
}

/**
 * Creates and finds tenants. Platform-level: runs outside any tenant scope, except that creating a
 * tenant runs the onTenantEnable hooks of the modules it starts with in the new tenant's scope.
 */
@Injectable()
export class TenantsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly modules: TenantModulesService,
  ) {}

  create(input: CreateTenantInput): Promise<Tenant> {
    return this.scope.runWithoutTenant(async () => {
      if (await this.em.findOne(Tenant, { slug: input.slug })) {
        throw new ConflictError('TENANT_SLUG_TAKEN', `A tenant with the slug "${input.slug}" already exists.`);
      }
      const tenant = this.em.create(Tenant, { slug: input.slug, name: input.name, plan: input.plan ?? 'free' });
      await this.em.flush();
      // The modules the tenant starts with seed their defaults now, in the same transaction.
      await this.modules.initializeTenant(tenant.id);
      return tenant;
    });
  }

  /** The tenant with this id; 404 `TENANT_NOT_FOUND` otherwise. */
  get(id: string): Promise<Tenant> {
    return this.scope.runWithoutTenant(async () => {
      const tenant = await this.em.findOne(Tenant, { id });
      if (!tenant) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${id} was not found.`);
      return tenant;
    });
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return this.scope.runWithoutTenant(() => this.em.findOne(Tenant, { slug }));
  }
}
