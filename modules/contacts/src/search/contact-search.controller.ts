import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { ContactSearchService } from './contact-search.service';
import { SearchContactsQueryDto } from './search-contacts.dto';

/** Registered before `ContactsController`, so `/contacts/search` is not taken for a contact id. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactSearchController {
  constructor(private readonly contacts: ContactSearchService) {}

  @Get('search')
  @RequirePermissions('contacts.read')
  @ApiOperation({ summary: 'Full-text search of live contacts (names, emails, phones, company; typos and prefixes), best match first, cursor paginated.' })
  search(@Query() query: SearchContactsQueryDto) {
    return this.contacts.find(query);
  }
}
