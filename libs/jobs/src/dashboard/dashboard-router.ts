import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { RequestContext, type AuditLog } from '@tessera/module-sdk';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { QueueSet } from '../queues/queue-set';
import type { DashboardSession, DashboardSessions } from './dashboard-sessions';

/** Where the dashboard is served (outside Nest's router, so not under its global prefix rules). */
export const DASHBOARD_PATH = '/api/v1/platform/queues/dashboard';
export const DASHBOARD_COOKIE = 'tessera_queues_session';

/**
 * Dashboard actions that are refused even to operators: they would let a person write a job's envelope
 * (tenant, actor) or bypass fairness, which only the platform may do. Replays go through the API.
 */
const FORBIDDEN_ACTIONS: ReadonlyArray<{ method: string; pattern: RegExp }> = [
  { method: 'POST', pattern: /^\/api\/queues\/[^/]+\/add$/ },
  { method: 'PATCH', pattern: /^\/api\/queues\/[^/]+\/[^/]+\/update-data$/ },
  { method: 'PATCH', pattern: /^\/api\/queues\/[^/]+\/[^/]+\/priority$/ },
  { method: 'PUT', pattern: /^\/api\/queues\/[^/]+\/obliterate$/ },
  { method: 'PATCH', pattern: /^\/api\/queues\/[^/]+\/job-schedulers\/[^/]+$/ },
];

export interface DashboardOptions {
  readonly queues: QueueSet;
  readonly sessions: DashboardSessions;
  readonly audit: () => AuditLog;
  readonly secureCookies: boolean;
  readonly logger: Logger;
}

function sendError(response: Response, status: number, code: string, message: string): void {
  const requestId = RequestContext.current()?.requestId ?? 'unknown';
  response.status(status).type('application/json').send(JSON.stringify({ error: { code, message, details: null, requestId } }));
}

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function cookie(token: string, maxAge: number, secure: boolean): string {
  return `${DASHBOARD_COOKIE}=${token}; Path=${DASHBOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** One bull-board per mode: read-only queue adapters refuse every change server-side, not only in the UI. */
function board(queues: QueueSet, readOnly: boolean): RequestHandler {
  const serverAdapter = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.all().flatMap((pair) => [
      new BullMQAdapter(pair.queue, { readOnlyMode: readOnly, description: `Module ${pair.module}` }),
      // Dead letters are replayed through the platform API (fair priority, same envelope), never from here.
      new BullMQAdapter(pair.deadLetters, { readOnlyMode: true, description: `Dead letters of ${pair.name}: replay them with POST /api/v1/platform/queues/${pair.name}/dead-letters/replay` }),
    ]),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Tessera queues', hideDocsLink: true, hideRedisDetails: true, showWorkers: false } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

/**
 * The bull-board dashboard behind platform-admin authentication. Browsers cannot send bearer headers
 * while navigating, so an operator exchanges a bearer token for a single-use ticket
 * (`POST /api/v1/platform/queues/dashboard-sessions`) and posts it here (`POST .../dashboard/login`),
 * which sets a short-lived session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site
 * can make the browser send it: that is the CSRF defence), scoped to the dashboard path, Secure in
 * production. Every request checks the session in Redis; changes need an `operate` session and are
 * audited before they happen.
 */
export function dashboardRouter(options: DashboardOptions): express.Router {
  const router = express.Router();
  const boards = { read: board(options.queues, true), operate: board(options.queues, false) };

  router.post('/login', async (request, response) => {
    const ticket = typeof request.body?.ticket === 'string' ? request.body.ticket : '';
    const redeemed = await options.sessions.redeem(ticket);
    if (!redeemed) return sendError(response, 401, 'DASHBOARD_TICKET_INVALID', 'The ticket is unknown, used or expired: create a new one.');
    response.setHeader('set-cookie', cookie(redeemed.token, options.sessions.ttlSeconds, options.secureCookies));
    response.redirect(303, `${DASHBOARD_PATH}/`);
  });

  router.use(async (request: Request, response: Response, next: NextFunction) => {
    const token = cookieOf(request, DASHBOARD_COOKIE);
    const session = await options.sessions.verify(token);
    if (!session) {
      return sendError(
        response,
        401,
        'DASHBOARD_SESSION_REQUIRED',
        'Open the dashboard with a session: POST /api/v1/platform/queues/dashboard-sessions with a bearer token, then post the ticket to the login URL it returns.',
      );
    }
    if (request.method === 'POST' && request.path === '/logout') {
      await options.sessions.revoke(token);
      response.setHeader('set-cookie', cookie('', 0, options.secureCookies));
      return void response.status(204).end();
    }
    const context = RequestContext.current();
    if (context) context.principal = { kind: session.principalKind, id: session.principalId, tenantId: null, permissions: new Set() };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const refused = refusal(request, session);
      if (refused) return sendError(response, 403, refused.code, refused.message);
      try {
        await options.audit().record({
          action: 'jobs.dashboard-action',
          target: { type: 'dashboard', id: request.path.slice(0, 200) },
          metadata: { method: request.method, path: request.path.slice(0, 500), via: 'dashboard' },
        });
      } catch (error) {
        options.logger.error({ err: error }, 'could not audit a dashboard action; refused it');
        return sendError(response, 503, 'AUDIT_UNAVAILABLE', 'The action could not be audited, so it was not done. Try again.');
      }
    }
    response.setHeader('cache-control', 'no-store');
    boards[session.mode](request, response, next);
  });
  router.use((error: Error, _request: Request, response: Response, _next: NextFunction) => {
    options.logger.error({ err: error }, 'dashboard request failed');
    if (!response.headersSent) sendError(response, 503, 'DASHBOARD_UNAVAILABLE', 'The dashboard could not answer; try again.');
  });
  return router;
}

function refusal(request: Request, session: DashboardSession): { code: string; message: string } | null {
  if (session.mode !== 'operate') {
    return { code: 'DASHBOARD_READ_ONLY', message: 'This dashboard session is read-only (platform.queues.read). Changes need platform.queues.operate.' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && hostOf(origin) !== request.headers.host) {
    return { code: 'DASHBOARD_ORIGIN_REFUSED', message: 'Dashboard changes are accepted only from the dashboard itself.' };
  }
  if (FORBIDDEN_ACTIONS.some((action) => action.method === request.method && action.pattern.test(request.path))) {
    return { code: 'DASHBOARD_ACTION_NOT_ALLOWED', message: "Jobs are created and edited only by the platform (their envelope carries the tenant); replay dead letters through the API." };
  }
  return null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
