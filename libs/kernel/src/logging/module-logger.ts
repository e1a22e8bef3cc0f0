import type { ModuleLogger } from '@tessera/module-sdk';
import type { Logger } from 'pino';

/** A module's logger: the process logger with the module name on every line. */
export function moduleLogger(root: Logger, module: string): ModuleLogger {
  return root.child({ module }) as unknown as ModuleLogger;
}
