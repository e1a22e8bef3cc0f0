import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELD_TARGETS, type CustomFieldTargetCatalog } from '@tessera/module-sdk';
import { z } from 'zod';
import { targetName } from './field-definition.dto';

/**
 * Puts the loaded targets into the OpenAPI document (enum and example of `target`): which targets exist is
 * known only once modules are loaded. It runs when the Nest application is created, before the document is
 * built. The metadata lives in zod's process-wide registry: in a process running several platforms (tests),
 * the last one built describes them all, which only affects documentation.
 */
@Injectable()
export class TargetNamesInDocs {
  constructor(@Inject(CUSTOM_FIELD_TARGETS) targets: CustomFieldTargetCatalog) {
    const names = targets.all().map((target) => target.name);
    z.globalRegistry.add(targetName, {
      description: `The custom-field target: ${names.length ? names.join(', ') : 'none loaded'}.`,
      ...(names.length ? { enum: names, example: names[0] } : {}),
    });
  }
}
