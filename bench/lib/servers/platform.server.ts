import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { builtinModules } from '@tessera/builtin-modules';
import { createPlatform } from '@tessera/kernel';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { createTenantSession } from '@tessera/auth/testing';
import { benchHttpModule } from '../bench-http.module';
import { syntheticModules } from '../synthetic-modules';
import { FLOOR_BODY_TEXT } from './floor-body';
import type { HttpTarget, ServerFactory } from './server-contract';

/** The module sets a bench can boot (add one line per new headline module). */
const MODULE_SETS: Record<string, () => readonly ModuleDefinition[]> = {
  /** What apps/api and apps/worker load. */
  builtin: () => builtinModules,
  /** The hosts' modules plus the HTTP floor routes. */
  floor: () => [...builtinModules, benchHttpModule],
  'builtin+200-synthetic': () => [...builtinModules, ...syntheticModules(200, { nest: true })],
};

/**
 * A platform host as apps/api (`role: 'api'`, listening on 127.0.0.1) or apps/worker (`role: 'worker'`)
 * boot it: `createPlatform` with the settings from the environment (the bench passes the database, Redis
 * and production settings). Option `modules` picks a module set; option `session` creates a tenant
 * member with the auth module's own services and logs them in, for authenticated targets.
 */
export const startPlatform: ServerFactory = async (options) => {
  const modules = MODULE_SETS[String(options.modules ?? 'builtin')];
  if (!modules) throw new Error(`Unknown module set "${String(options.modules)}"; known: ${Object.keys(MODULE_SETS).join(', ')}.`);
  const role = options.role === 'worker' ? 'worker' : 'api';
  const platform = await createPlatform({ role, modules: modules() });
  if (role === 'worker') return { targets: {}, close: () => platform.close('bench') };

  const app = platform.app as INestApplication;
  await app.listen(0, '127.0.0.1');
  const targets: Record<string, HttpTarget> = { live: { path: '/health/live' } };
  if (platform.registry.get('bench-http')) {
    targets.floor = { path: '/api/v1/bench-http/floor', expectBody: FLOOR_BODY_TEXT };
    if (options.session) {
      const session = await createTenantSession({ platform }, { role: 'member' });
      targets['floor-authenticated'] = { path: '/api/v1/bench-http/floor-authenticated', headers: session.headers, expectBody: FLOOR_BODY_TEXT };
    }
  }
  return {
    port: ((app.getHttpServer() as Server).address() as AddressInfo).port,
    targets,
    close: () => platform.close('bench'),
  };
};
