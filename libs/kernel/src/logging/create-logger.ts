import pino, { type DestinationStream, type Logger } from 'pino';
import { RequestContext } from '@tessera/module-sdk';

/** Fields whose values never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.deviceToken',
  '*.secret',
  '*.apiKey',
  '*.totpCode',
  '*.samlResponse',
  '*.DATABASE_URL',
  '*.DATABASE_MIGRATION_URL',
  '*.ticket',
];

/**
 * The process logger: JSON lines, secrets redacted, and the request id and tenant of the work
 * in progress added to every line (from the request context, so it works in services and jobs too).
 */
export function createLogger(options: { level: string; destination?: DestinationStream; name?: string }): Logger {
  return pino(
    {
      name: options.name ?? 'tessera',
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const context = RequestContext.current();
        if (!context) return {};
        return { requestId: context.requestId, tenantId: context.tenantId };
      },
    },
    options.destination,
  );
}
