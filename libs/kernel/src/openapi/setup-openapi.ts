import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { PLATFORM_VERSION } from '../platform-version';

const ERROR_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Stable UPPER_SNAKE code a client can switch on.', example: 'VALIDATION_FAILED' },
        message: { type: 'string', description: 'What went wrong, for humans.' },
        details: { description: 'Code-specific details, e.g. the list of invalid fields; null when none.', nullable: true },
        requestId: { type: 'string', description: 'Quote it when reporting a problem; also in the x-request-id header.' },
      },
    },
  },
} as const;

/** Builds the OpenAPI 3 document from every loaded module's controllers and serves it at /docs(-json). */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tessera API')
    .setDescription(
      'Every error uses one envelope: `{ "error": { "code", "message", "details", "requestId" } }`. ' +
        'Lists use cursor pagination (`cursor`, `limit`).',
    )
    .setVersion(PLATFORM_VERSION)
    .addBearerAuth()
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorEnvelope: ERROR_ENVELOPE_SCHEMA as never } };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
