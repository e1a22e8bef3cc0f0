import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RequestContext, TesseraError } from '@tessera/module-sdk';
import { ModuleRegistry } from '../registry/module-registry';
import { MODULE_ENABLEMENT, type ModuleEnablement } from '../tenancy/module-enablement';

/**
 * Answers 503 `MODULE_UNAVAILABLE` for the routes of a module that is not running (it failed to boot),
 * and 403 `MODULE_DISABLED` for the routes of a module that is switched off for the caller's tenant.
 */
@Injectable()
export class ModuleGateGuard implements CanActivate {
  constructor(
    private readonly registry: ModuleRegistry,
    @Inject(MODULE_ENABLEMENT) private readonly enablement: ModuleEnablement,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const owner = this.registry.ownerOf(context.getClass());
    if (owner === undefined) return true;
    const requestContext = RequestContext.current();
    if (requestContext) requestContext.module = owner;
    if (!this.registry.isRunning(owner)) {
      throw new TesseraError('unavailable', 'MODULE_UNAVAILABLE', `The module "${owner}" is not available right now.`, { module: owner });
    }
    const tenantId = requestContext?.tenantId;
    if (tenantId && !(await this.enablement.isEnabled(tenantId, owner))) {
      throw new TesseraError('forbidden', 'MODULE_DISABLED', `The module "${owner}" is not enabled for this tenant.`, { module: owner });
    }
    return true;
  }
}
