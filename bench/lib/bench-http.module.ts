import { Authenticated, Controller, defineModule, Get, Module, Public } from '@tessera/module-sdk';
import { FLOOR_BODY } from './servers/floor-body';

/**
 * The HTTP floor: a handler that does nothing but return a constant, so whatever a request costs above
 * the bare servers is the platform's pipeline (request context, helmet/CORS, metrics, access log, body
 * parsers, rate limits, the access and module-gate guards, the per-request transaction, the zod pipe and
 * the error envelope), exactly as every module route pays it.
 */
@Controller('bench-http')
class BenchHttpController {
  /** No credentials: the pipeline alone (the auth module's anonymous rate limit still counts the call). */
  @Public()
  @Get('floor')
  floor() {
    return FLOOR_BODY;
  }

  /** A tenant member's access token: adds token verification, revocation and per-principal/tenant limits, a tenant transaction. */
  @Authenticated()
  @Get('floor-authenticated')
  floorAuthenticated() {
    return FLOOR_BODY;
  }
}

@Module({ controllers: [BenchHttpController] })
class BenchHttpNestModule {}

/** Bench-only: contributes the HTTP floor routes, like any module contributes its routes. */
export const benchHttpModule = defineModule({
  name: 'bench-http',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Bench-only: trivial routes for the HTTP floor benchmark.',
  nestModule: BenchHttpNestModule,
});
