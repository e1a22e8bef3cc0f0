import { Body, Controller, Get, Headers, Param, Post, Res, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions, ValidationError } from '@tessera/module-sdk';
import { ContactExportIdDto, idempotencyKeyHeader, StartContactExportDto } from './contact-export.dto';
import type { ContactExportView } from './contact-export-view';
import { ContactExports } from './contact-exports.service';

interface StatusSink {
  status(code: number): unknown;
}

function checkedKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = idempotencyKeyHeader.safeParse(value);
  if (!parsed.success) throw new ValidationError([{ field: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'is invalid' }]);
  return parsed.data;
}

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts/exports')
export class ContactExportsController {
  constructor(private readonly exports: ContactExports) {}

  @Post()
  @RequirePermissions('contacts.read', 'contacts.export')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely: the same key answers the export the first request started (200).' })
  @ApiOperation({ summary: 'Start a CSV export of the contacts a list filter selects; 202 with the export (and its job id). Follow it with GET /contacts/exports/{id}.' })
  async start(@Body() body: StartContactExportDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) response: StatusSink): Promise<ContactExportView> {
    const { view, created } = await this.exports.start(body, checkedKey(key));
    response.status(created ? 202 : 200);
    return view;
  }

  @Get(':id')
  @RequirePermissions('contacts.export')
  @ApiOperation({ summary: 'One of your exports: status, progress, row count, file size, expiry.' })
  get(@Param() params: ContactExportIdDto): Promise<ContactExportView> {
    return this.exports.get(params.id);
  }

  @Get(':id/download')
  @RequirePermissions('contacts.export')
  @ApiOperation({ summary: 'Download the CSV of a completed export (attachment). 409 CONTACT_EXPORT_NOT_READY before it completes, 410 once its file expired.' })
  download(@Param() params: ContactExportIdDto): Promise<StreamableFile> {
    return this.exports.download(params.id);
  }
}
