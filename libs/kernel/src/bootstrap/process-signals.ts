import type { Logger } from 'pino';

/**
 * Shuts down on SIGTERM or SIGINT, within `timeoutMs`: past it the process exits with code 1 whatever
 * is still running, so an orchestrator's kill never has to escalate. A second signal exits at once.
 */
export function shutdownOnSignals(close: (signal: string) => Promise<void>, options: { timeoutMs: number; logger: Logger }): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    received = true;
    const deadline = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'graceful shutdown overran its bound; exiting');
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        options.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** Prints a boot failure the way an operator needs it (message only, no stack for known errors) and exits. */
export function exitOnBootFailure(error: unknown, logger?: Logger): never {
  const known = error instanceof Error && /^(ConfigValidationError|ModuleRegistryError|ModuleBootError|MigrationError)$/.test(error.name);
  const message = error instanceof Error ? error.message : String(error);
  if (logger) logger.fatal({ err: known ? undefined : error }, message);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
