import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { ContactIdDto } from '../contacts/contact.dto';
import { etagOf } from '../contacts/etag';
import { MergeContactDto } from './merge.dto';
import { MergeService } from './merge.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class MergeController {
  constructor(private readonly merges: MergeService) {}

  @Post(':id/merge')
  @RequirePermissions('contacts.merge')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false, description: "The ETag of this (the target) contact's version: 412 if it changed since." })
  @ApiOperation({ summary: 'Merge the contact sourceId into this one: this one keeps its id and gets the union; the source goes to the trash.' })
  async merge(@Param() params: ContactIdDto, @Body() body: MergeContactDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: { setHeader(name: string, value: string): unknown }) {
    const merged = await this.merges.merge(params.id, body, ifMatch);
    response.setHeader('ETag', etagOf(merged.version));
    return merged;
  }
}
