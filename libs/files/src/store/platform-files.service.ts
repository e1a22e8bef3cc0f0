import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { FileStore } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import { FILES_SETTINGS, type FilesSettings } from '../files-settings';
import { FileReader } from '../read/file-reader';
import { FileWriter } from '../write/file-writer';
import { FileTransactions } from './file-transactions';
import { ModuleFileStore } from './module-file-store';

/** The platform's file store; the kernel gives each module its own binding (`FILE_STORE`). */
@Injectable()
export class PlatformFiles {
  private readonly parts: ConstructorParameters<typeof ModuleFileStore>[1];

  constructor(orm: MikroORM<PostgreSqlDriver>, scope: TenantScope, @Inject(FILES_SETTINGS) settings: FilesSettings) {
    const transactions = new FileTransactions(orm, scope);
    this.parts = { transactions, writer: new FileWriter(transactions, settings), reader: new FileReader(transactions, settings) };
  }

  /** The store of one module: it writes files under the module's name and sees only those. */
  forModule(module: string): FileStore {
    return new ModuleFileStore(module, this.parts);
  }
}
