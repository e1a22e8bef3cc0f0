import { raw } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, NotFoundError } from '@tessera/module-sdk';
import { CUSTOM_FIELDS, parseCustomFieldSort, type CustomFieldFilter, type CustomFields, type TargetCustomFields } from '../../index';
import { Ticket } from './ticket.entity';

export interface TicketView {
  readonly id: string;
  readonly title: string;
  readonly customFields: Readonly<Record<string, unknown>>;
}

/** A target module's service, written only against the custom-fields contract. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
  ) {}

  async create(input: { title: string; customFields?: unknown }): Promise<TicketView> {
    const fields = await this.customFields.forTarget('test-ticket');
    const ticket = this.em.create(Ticket, { title: input.title, customFields: await fields.validateCreate(input.customFields) });
    await this.em.flush();
    return this.view(ticket, fields);
  }

  async update(id: string, input: { title?: string; customFields?: unknown }): Promise<TicketView> {
    const ticket = await this.find(id);
    const fields = await this.customFields.forTarget('test-ticket');
    if (input.customFields !== undefined) ticket.customFields = await fields.validateUpdate(ticket.id, ticket.customFields, input.customFields);
    if (input.title !== undefined) ticket.title = input.title;
    await this.em.flush();
    return this.view(ticket, fields);
  }

  async get(id: string): Promise<TicketView> {
    return this.view(await this.find(id), await this.customFields.forTarget('test-ticket'));
  }

  /** Cursor pagination: by id, or by a custom field with the id as tiebreak (the contract's keyset sort). */
  async list(query: { customFields?: CustomFieldFilter; sort?: string; cursor?: string; limit: number }): Promise<{ data: TicketView[]; nextCursor: string | null }> {
    const fields = await this.customFields.forTarget('test-ticket');
    const qb = this.em.createQueryBuilder(Ticket, 't').select('*');
    const where = fields.where(query.customFields, { alias: 't' });
    if (where) qb.andWhere(where.sql, [...where.params]);
    const spec = parseCustomFieldSort(query.sort);
    const sort = spec ? fields.sort(spec, { alias: 't' }) : null;
    if (sort && spec) {
      if (query.cursor) {
        const after = sort.after(query.cursor);
        qb.andWhere(after.sql, [...after.params]);
      }
      qb.orderBy([{ [raw(sort.expression.sql, [...sort.expression.params])]: `${spec.direction} nulls last` }, { id: spec.direction }]);
    } else {
      if (query.cursor) qb.andWhere({ id: { $gt: query.cursor } });
      qb.orderBy({ id: 'asc' });
    }
    const tickets = await qb.limit(query.limit + 1).getResultList();
    const page = tickets.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = tickets.length > query.limit && last ? (sort ? sort.cursorOf({ id: last.id, values: last.customFields }) : last.id) : null;
    return { data: page.map((ticket) => this.view(ticket, fields)), nextCursor };
  }

  private async find(id: string): Promise<Ticket> {
    const ticket = await this.em.findOne(Ticket, { id });
    if (!ticket) throw new NotFoundError('TICKET_NOT_FOUND', `Ticket ${id} was not found.`);
    return ticket;
  }

  private view(ticket: Ticket, fields: TargetCustomFields): TicketView {
    return { id: ticket.id, title: ticket.title, customFields: fields.project(ticket.customFields) };
  }
}
