import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { ContactListService } from '../list/contact-list.service';
import { ListContactsQueryDto } from '../list/list-contacts.dto';
import { ContactTrash } from '../trash/contact-trash.service';
import { ContactIdDto, CreateContactDto, GetContactQueryDto, UpdateContactDto } from './contact.dto';
import type { ContactView } from './contact-view';
import { ContactsService } from './contacts.service';
import { etagOf } from './etag';

/** Where the ETag goes (Express's response, with `passthrough` so Nest still serialises the body). */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

const withETag = (response: HeaderSink, view: ContactView): ContactView => {
  response.setHeader('ETag', etagOf(view.version));
  return view;
};

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag of the version you changed: 412 CONTACT_VERSION_MISMATCH if the contact has changed since.' };

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly trash: ContactTrash,
    private readonly lists: ContactListService,
  ) {}

  @Post()
  @RequirePermissions('contacts.write')
  @ApiOperation({ summary: 'Create a contact (needs one of firstName, lastName, company or an email). Answers it with its ETag.' })
  async create(@Body() body: CreateContactDto, @Res({ passthrough: true }) response: HeaderSink) {
    return withETag(response, await this.contacts.create(body));
  }

  @Get()
  @RequirePermissions('contacts.read')
  @ApiOperation({ summary: 'List contacts: filters, a stable sort and cursor pagination. deleted=only lists the trash.' })
  list(@Query() query: ListContactsQueryDto) {
    return this.lists.list(query);
  }

  @Get(':id')
  @RequirePermissions('contacts.read')
  @ApiOperation({ summary: 'One contact, with its ETag. A merged contact answers 404 CONTACT_MERGED with details.mergedIntoId.' })
  async get(@Param() params: ContactIdDto, @Query() query: GetContactQueryDto, @Res({ passthrough: true }) response: HeaderSink) {
    return withETag(response, await this.contacts.get(params.id, { includeDeleted: query.includeDeleted }));
  }

  @Patch(':id')
  @RequirePermissions('contacts.write')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a contact: absent fields are kept, null clears, lists are replaced, custom fields change partially.' })
  async update(@Param() params: ContactIdDto, @Body() body: UpdateContactDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: HeaderSink) {
    return withETag(response, await this.contacts.update(params.id, body, ifMatch));
  }

  @Delete(':id')
  @RequirePermissions('contacts.delete')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Move a contact to the trash (restorable until the purge).' })
  async remove(@Param() params: ContactIdDto, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.trash.remove(params.id, ifMatch);
  }

  @Post(':id/restore')
  @RequirePermissions('contacts.delete')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Bring a contact back from the trash (not a merged one).' })
  async restore(@Param() params: ContactIdDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: HeaderSink) {
    return withETag(response, await this.trash.restore(params.id, ifMatch));
  }
}
