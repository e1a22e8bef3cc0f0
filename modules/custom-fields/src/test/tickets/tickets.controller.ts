import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { createZodDto, RequirePermissions, z } from '@tessera/module-sdk';
import { customFieldFilterParam } from '../../index';
import { TicketsService } from './tickets.service';

class CreateTicketDto extends createZodDto(z.object({ title: z.string().min(1).max(200), customFields: z.record(z.string(), z.unknown()).optional() }).strict()) {}
class UpdateTicketDto extends createZodDto(z.object({ title: z.string().min(1).max(200).optional(), customFields: z.record(z.string(), z.unknown()).optional() }).strict()) {}
class ListTicketsDto extends createZodDto(
  z.object({
    customFields: customFieldFilterParam.optional(),
    sort: z.string().max(100).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
) {}
class IdDto extends createZodDto(z.object({ id: z.uuid() })) {}

@Controller('test-tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @RequirePermissions('test-tickets.write')
  create(@Body() body: CreateTicketDto) {
    return this.tickets.create(body);
  }

  @Get()
  @RequirePermissions('test-tickets.read')
  list(@Query() query: ListTicketsDto) {
    return this.tickets.list(query);
  }

  @Get(':id')
  @RequirePermissions('test-tickets.read')
  get(@Param() params: IdDto) {
    return this.tickets.get(params.id);
  }

  @Patch(':id')
  @RequirePermissions('test-tickets.write')
  update(@Param() params: IdDto, @Body() body: UpdateTicketDto) {
    return this.tickets.update(params.id, body);
  }
}
