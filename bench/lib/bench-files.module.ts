import { Module } from '@nestjs/common';
import { defineModule } from '@tessera/module-sdk';

@Module({})
class BenchFilesNestModule {}

/** Bench-only: a module that owns files (its FILE_STORE is the one measured). */
export const benchFilesModule = defineModule({
  name: 'bench-files',
  version: '1.0.0',
  platform: '^1.0.0',
  nestModule: BenchFilesNestModule,
  migrations: [
    // The bare baseline's table: the same chunks, without row-level security, hashing or re-chunking.
    { name: '0001-bare-chunks', up: ['CREATE TABLE bench_bare_chunks (file_id uuid NOT NULL, seq integer NOT NULL, data bytea NOT NULL, PRIMARY KEY (file_id, seq))'] },
  ],
});
