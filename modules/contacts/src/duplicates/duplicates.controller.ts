import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { ContactIdDto } from '../contacts/contact.dto';
import { DuplicatesService } from './duplicates.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get(':id/duplicates')
  @RequirePermissions('contacts.read')
  @ApiOperation({ summary: 'Other live contacts sharing an email or a phone with this one, with what matched (most matches first, at most 50).' })
  list(@Param() params: ContactIdDto) {
    return this.duplicates.of(params.id);
  }
}
