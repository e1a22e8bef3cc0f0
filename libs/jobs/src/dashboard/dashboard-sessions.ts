import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { dashboardKeys } from '../queues/queue-keys';

/** What a dashboard session allows: looking, or also acting on jobs and queues. */
export type DashboardMode = 'read' | 'operate';

export interface DashboardSession {
  readonly principalId: string;
  readonly principalKind: 'user' | 'api-key' | 'system';
  readonly mode: DashboardMode;
  readonly expiresAt: number;
}

const TICKET_TTL_SECONDS = 60;

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

/**
 * Dashboard sessions in Redis (so any API replica verifies them, and a session is revoked everywhere at
 * once). An operator's bearer token buys a single-use ticket (60 s); the browser posts the ticket to the
 * dashboard's login route and gets a session cookie. Only digests of tickets and session tokens are
 * stored: a copy of Redis does not let anyone into the dashboard.
 */
export class DashboardSessions {
  private readonly keys: ReturnType<typeof dashboardKeys>;

  constructor(
    private readonly redis: Redis,
    redisPrefix: string,
    readonly ttlSeconds: number,
  ) {
    this.keys = dashboardKeys(redisPrefix);
  }

  async issueTicket(principal: { id: string; kind: DashboardSession['principalKind'] }, mode: DashboardMode): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = secret();
    const session: DashboardSession = { principalId: principal.id, principalKind: principal.kind, mode, expiresAt: 0 };
    await this.redis.set(this.keys.ticket(digest(ticket)), JSON.stringify(session), 'EX', TICKET_TTL_SECONDS);
    return { ticket, expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1_000) };
  }

  /** Consumes a ticket (once) and opens a session; `null` for an unknown, used or expired ticket. */
  async redeem(ticket: string): Promise<{ token: string; session: DashboardSession } | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(ticket)) return null;
    const raw = await this.redis.getdel(this.keys.ticket(digest(ticket)));
    if (!raw) return null;
    const token = secret();
    const session: DashboardSession = { ...(JSON.parse(raw) as DashboardSession), expiresAt: Date.now() + this.ttlSeconds * 1_000 };
    await this.redis.set(this.keys.session(digest(token)), JSON.stringify(session), 'EX', this.ttlSeconds);
    return { token, session };
  }

  async verify(token: string | undefined): Promise<DashboardSession | null> {
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const raw = await this.redis.get(this.keys.session(digest(token)));
    if (!raw) return null;
    const session = JSON.parse(raw) as DashboardSession;
    return session.expiresAt > Date.now() ? session : null;
  }

  async revoke(token: string | undefined): Promise<void> {
    if (token) await this.redis.del(this.keys.session(digest(token)));
  }
}
