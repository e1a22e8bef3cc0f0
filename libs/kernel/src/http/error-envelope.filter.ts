import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { sendError } from './error-envelope';
import { mapException } from './map-exception';

/** Renders every error of every route as the one error envelope, and logs what the caller cannot see. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const rendered = mapException(exception);
    if (!rendered.expected) {
      this.logger.error({ err: exception }, 'request failed with an unexpected error');
    } else if (rendered.status >= 500) {
      this.logger.warn({ code: rendered.code }, 'request failed');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    sendError(response, rendered);
  }
}
