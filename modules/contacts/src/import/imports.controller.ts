import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConflictError, FILE_STORE, fileDownload, RequirePermissions, TesseraError, UploadedBody, ValidationError, type FileStore, type UploadedBodyStream } from '@tessera/module-sdk';
import { idempotencyKey, ImportIdDto, ListImportsQueryDto, StartImportDto, UploadImportQueryDto } from './import.dto';
import { ImportReader } from './import-reader.service';
import { ImportStart } from './import-start.service';
import { ImportUpload } from './import-upload.service';

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes a retried start safe: the same key answers the same job. (Starting an import twice answers its job anyway.)',
};

/** CSV imports: upload, start, follow, and the error report. Writing contacts through them needs contacts.write too. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts/imports')
export class ImportsController {
  constructor(
    private readonly uploads: ImportUpload,
    private readonly starts: ImportStart,
    private readonly reader: ImportReader,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  @Post()
  @RequirePermissions('contacts.import', 'contacts.write')
  @ApiOperation({ summary: 'Upload a CSV file (the raw body, Content-Type: text/csv; UTF-8). Answers the import with its columns, sample rows and a suggested mapping.' })
  upload(@UploadedBody({ contentTypes: ['text/csv'], charsets: ['utf-8', 'utf8', 'us-ascii'], description: 'The CSV file: a header row, then one row per contact.' }) body: UploadedBodyStream, @Query() query: UploadImportQueryDto) {
    return this.uploads.upload(body, query);
  }

  @Get()
  @RequirePermissions('contacts.import')
  @ApiOperation({ summary: "The tenant's imports, newest first (cursor pagination)." })
  list(@Query() query: ListImportsQueryDto) {
    return this.reader.list(query);
  }

  @Get(':id')
  @RequirePermissions('contacts.import')
  @ApiOperation({ summary: 'One import: state, counts, progress, error; before it starts, sample rows and a suggested mapping.' })
  async get(@Param() params: ImportIdDto) {
    return this.reader.view(await this.reader.find(params.id));
  }

  @Post(':id/start')
  @RequirePermissions('contacts.import', 'contacts.write')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOperation({ summary: 'Start an import with a column mapping and options; runs as a background job (jobId). Starting it again answers the same job.' })
  start(@Param() params: ImportIdDto, @Body() body: StartImportDto, @Headers('idempotency-key') key: string | undefined) {
    const checked = idempotencyKey.safeParse(key);
    if (!checked.success) throw new ValidationError([{ field: 'Idempotency-Key', message: checked.error.issues[0]!.message }]);
    return this.starts.start(params.id, body, checked.data);
  }

  @Get(':id/errors')
  @RequirePermissions('contacts.import')
  @ApiOperation({ summary: 'The error report of a finished import: a CSV of the failed rows, their original values and why each failed.' })
  async errors(@Param() params: ImportIdDto) {
    const row = await this.reader.find(params.id);
    if (row.state !== 'completed' || !row.reportFileId) {
      throw new ConflictError('IMPORT_NOT_FINISHED', `Import ${row.id} has not finished (it is ${row.state}): its error report is written when it completes.`, { state: row.state });
    }
    if (!(await this.files.stat(row.reportFileId))) {
      throw new TesseraError('gone', 'IMPORT_REPORT_EXPIRED', 'The error report is no longer stored (reports expire after a few days).');
    }
    return fileDownload(this.files, row.reportFileId);
  }
}
