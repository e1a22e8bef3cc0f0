import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { keepsChanges, RequestContext } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { WITHOUT_TRANSACTION_METADATA } from './without-transaction.decorator';

/** A failure marked with `keepChanges`: carried out of the transaction so it commits, then rethrown. */
class CommittedFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Runs every route inside one database transaction that carries the request's tenant on its connection
 * (or no tenant, for public and platform-level calls). The response is sent only after the transaction
 * committed; a thrown error rolls everything back, except an error marked with `keepChanges`, which is
 * answered after the commit. Only the platform's probes opt out.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly scope: TenantScope,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.get<boolean | undefined>(WITHOUT_TRANSACTION_METADATA, context.getClass())) return next.handle();
    const tenantId = RequestContext.current()?.tenantId;
    // next.handle() is called inside the scope so the handler inherits its async context.
    const run = () =>
      lastValueFrom(next.handle(), { defaultValue: undefined }).catch((error: unknown) => {
        if (keepsChanges(error)) return new CommittedFailure(error);
        throw error;
      });
    return from(
      (tenantId ? this.scope.run(tenantId, run) : this.scope.runWithoutTenant(run)).then((result) => {
        if (result instanceof CommittedFailure) throw result.error;
        return result;
      }),
    );
  }
}
