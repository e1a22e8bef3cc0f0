import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RequestContext, TesseraError } from '@tessera/module-sdk';
import { ModuleRegistry } from '../registry/module-registry';

/** Answers 503 `MODULE_UNAVAILABLE` for the routes of a module that is not running (it failed to boot). */
@Injectable()
export class ModuleGateGuard implements CanActivate {
  constructor(private readonly registry: ModuleRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const owner = this.registry.ownerOf(context.getClass());
    if (owner === undefined) return true;
    const requestContext = RequestContext.current();
    if (requestContext) requestContext.module = owner;
    if (!this.registry.isRunning(owner)) {
      throw new TesseraError('unavailable', 'MODULE_UNAVAILABLE', `The module "${owner}" is not available right now.`, { module: owner });
    }
    return true;
  }
}
