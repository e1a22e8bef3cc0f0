import type { ModuleDefinition } from '@tessera/module-sdk';
import { authModule } from '@tessera/auth';
import { contactsModule } from '@tessera/contacts';
import { customFieldsModule } from '@tessera/custom-fields';

/**
 * The modules every deployment loads. Third-party modules are not listed here: operators name them in
 * the MODULES setting.
 */
export const builtinModules: readonly ModuleDefinition[] = [authModule, customFieldsModule, contactsModule];
