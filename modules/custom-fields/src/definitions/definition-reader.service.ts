import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager, NotFoundError, RequestContext, hasPermissions } from '@tessera/module-sdk';
import type { CustomFieldDefinition } from '../contract/custom-field-types';
import { currentCaller } from '../values/field-access';
import { FieldDefinition } from './field-definition.entity';
import { toView } from './field-view';

export interface ListQuery {
  readonly target?: string;
  readonly includeArchived: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Reads of definitions. Managers (and owners) see every field; others see the fields their roles may read,
 * so that a restricted field's existence stays as hidden as its values.
 */
@Injectable()
export class DefinitionReader {
  constructor(private readonly em: EntityManager) {}

  async list(query: ListQuery): Promise<{ data: CustomFieldDefinition[]; nextCursor: string | null }> {
    const where: FilterQuery<FieldDefinition>[] = [this.visibility()];
    if (query.target) where.push({ target: query.target });
    if (!query.includeArchived) where.push({ archivedAt: null });
    if (query.cursor) where.push({ id: { $gt: query.cursor } });
    const rows = await this.em.find(FieldDefinition, { $and: where }, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return { data: page.map(toView), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
  }

  async get(id: string): Promise<CustomFieldDefinition> {
    const field = await this.em.findOne(FieldDefinition, { $and: [{ id }, this.visibility()] });
    if (!field) throw notFound(id);
    return toView(field);
  }

  /** For changes (the route already requires custom-fields.manage). */
  async findManaged(id: string): Promise<FieldDefinition> {
    const field = await this.em.findOne(FieldDefinition, { id });
    if (!field) throw notFound(id);
    return field;
  }

  private visibility(): FilterQuery<FieldDefinition> {
    const caller = currentCaller();
    const principal = RequestContext.current()?.principal;
    if (caller.kind === 'system' || caller.roles.has('owner') || (principal && hasPermissions(principal, ['custom-fields.manage']))) return {};
    const roles = [...caller.roles];
    return roles.length > 0 ? { $or: [{ readRoles: null }, { readRoles: { $overlap: roles } }] } : { readRoles: null };
  }
}

const notFound = (id: string) => new NotFoundError('CUSTOM_FIELD_NOT_FOUND', `Custom field ${id} was not found.`);
