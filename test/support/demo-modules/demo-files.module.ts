import { Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  Controller,
  defineModule,
  fileDownload,
  FILE_STORE,
  type FileStore,
  Get,
  Headers,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  RequirePermissions,
  type StoredFile,
  StreamableFile,
} from '@tessera/module-sdk';

/** Gives tests the module's own FILE_STORE (`app.get(DemoFilesService).files`). */
@Injectable()
export class DemoFilesService {
  constructor(@Inject(FILE_STORE) readonly files: FileStore) {}
}

/** Test-only routes: an upload that streams the request body into the store, and a download. */
@Controller('demo-files')
class DemoFilesController {
  constructor(private readonly service: DemoFilesService) {}

  @Post()
  @HttpCode(201)
  @RequirePermissions('demo-files.write')
  upload(@Req() request: Request, @Headers('x-file-name') name: string | undefined): Promise<StoredFile> {
    return this.service.files.write({ name: name ?? '', contentType: request.headers['content-type'] ?? 'application/octet-stream', content: request, maxBytes: 1_048_576 });
  }

  @Get(':id')
  @RequirePermissions('demo-files.read')
  download(@Param('id', new ParseUUIDPipe()) id: string, @Query('as') as: string | undefined): Promise<StreamableFile> {
    return fileDownload(this.service.files, id, as === undefined ? {} : { filename: as });
  }
}

@Module({ controllers: [DemoFilesController], providers: [DemoFilesService], exports: [DemoFilesService] })
class DemoFilesNestModule {}

/** Test-only: a module that stores files and serves them as downloads. */
export const demoFilesModule = defineModule({
  name: 'demo-files',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Test-only file uploads and downloads.',
  nestModule: DemoFilesNestModule,
  permissions: [
    { key: 'demo-files.read', description: 'Download files' },
    { key: 'demo-files.write', description: 'Upload files' },
  ],
});

/** The same store, bound to another module (`app.get(DemoOtherFilesService).files`). */
@Injectable()
export class DemoOtherFilesService {
  constructor(@Inject(FILE_STORE) readonly files: FileStore) {}
}

@Module({ providers: [DemoOtherFilesService], exports: [DemoOtherFilesService] })
class DemoOtherFilesNestModule {}

/** Test-only: a second module with files, to show that a module sees only its own. */
export const demoOtherFilesModule = defineModule({
  name: 'demo-other-files',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Test-only second file owner.',
  nestModule: DemoOtherFilesNestModule,
});
