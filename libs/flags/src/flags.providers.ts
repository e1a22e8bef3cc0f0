import type { Provider } from '@nestjs/common';
import { FLAG_STATE, MODULE_ENABLEMENT } from '@tessera/module-sdk';
import { CapabilitiesService } from './admin/capabilities.service';
import { PlatformFlagsService } from './admin/platform-flags.service';
import { TenantFlagsService } from './admin/tenant-flags.service';
import { TenantModulesService } from './admin/tenant-modules.service';
import { FlagsRuntime } from './flags-runtime.service';

/**
 * The flags services, provided by the platform core next to a `FLAGS_OPTIONS` value; modules inject
 * MODULE_ENABLEMENT, FLAG_STATE and their own FEATURE_FLAGS client (see `FlagsRuntime.clientFor`).
 */
export const FLAGS_PROVIDERS: Provider[] = [
  FlagsRuntime,
  { provide: MODULE_ENABLEMENT, useExisting: FlagsRuntime },
  { provide: FLAG_STATE, useExisting: FlagsRuntime },
  TenantModulesService,
  TenantFlagsService,
  PlatformFlagsService,
  CapabilitiesService,
];
