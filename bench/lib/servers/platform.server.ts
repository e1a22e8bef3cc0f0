import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { builtinModules } from '@tessera/builtin-modules';
import { createPlatform } from '@tessera/kernel';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { createTenantSession } from '@tessera/auth/testing';
import { CONTACT_CREATE_BODY, seedContacts } from '../bench-contacts';
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

/** Option `session`: `true` for a member of a fresh tenant, `{ tenantId }` for a member of an existing one. */
const sessionTenant = (option: unknown): { tenantId?: string } => {
  const tenantId = (option as { tenantId?: unknown } | undefined)?.tenantId;
  return typeof tenantId === 'string' ? { tenantId } : {};
};

/**
 * A platform host as apps/api (`role: 'api'`, listening on 127.0.0.1) or apps/worker (`role: 'worker'`)
 * boot it: `createPlatform` with the settings from the environment (the bench passes the database, Redis
 * and production settings). Option `modules` picks a module set; option `session` creates a tenant
 * member (of a fresh tenant, or of `session.tenantId`) with the auth module's own services and logs them in,
 * for authenticated targets (the floor's, and `sessionTargets`). Option `contacts` (a count) seeds that many
 * contacts in the session's tenant (a member of a fresh tenant unless `session` names one), for the headline
 * targets (a contact by id, rotating over the first 1,000 by id; a create with a unique email per request).
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
  const session = options.session || options.contacts ? await createTenantSession({ platform }, { role: 'member', ...sessionTenant(options.session) }) : undefined;
  if (platform.registry.get('bench-http')) {
    targets.floor = { path: '/api/v1/bench-http/floor', expectBody: FLOOR_BODY_TEXT };
    if (session) targets['floor-authenticated'] = { path: '/api/v1/bench-http/floor-authenticated', headers: session.headers, expectBody: FLOOR_BODY_TEXT };
  }
  // Option `sessionTargets` (name → path): GET requests of any module's routes as the session's member.
  for (const [name, path] of Object.entries((options.sessionTargets ?? {}) as Record<string, string>)) {
    if (!session) throw new Error('Option sessionTargets needs option session.');
    targets[name] = { path, headers: session.headers };
  }
  if (options.contacts && session) {
    if (!platform.registry.get('contacts')) throw new Error('option contacts needs the contacts module in the module set');
    const { ids } = await seedContacts(session.tenantId!, session.userId, Number(options.contacts));
    targets['contact-by-id'] = { path: `/api/v1/contacts/${ids[0]}`, rotatePaths: ids.map((id) => `/api/v1/contacts/${id}`), headers: session.headers };
    targets['contact-create'] = {
      path: '/api/v1/contacts',
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'application/json' },
      body: CONTACT_CREATE_BODY,
      uniqueIds: true,
    };
  }
  return {
    port: ((app.getHttpServer() as Server).address() as AddressInfo).port,
    targets,
    close: () => platform.close('bench'),
  };
};
