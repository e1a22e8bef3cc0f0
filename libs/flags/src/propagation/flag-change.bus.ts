import { randomUUID } from 'node:crypto';
import type { ModuleLogger } from '@tessera/module-sdk';
import type { Redis } from 'ioredis';

/** What changed: one tenant's state, every tenant's, or the platform-wide flag settings. */
export type FlagChange = { readonly kind: 'tenant'; readonly tenantId: string } | { readonly kind: 'all-tenants' } | { readonly kind: 'global' };

export interface FlagChangeHandlers {
  /** A change another instance made (an instance never receives its own). */
  onChange(change: FlagChange): void;
  /** The subscription was lost and is back: messages may have been missed, reload everything. */
  onResync(): void;
}

const PUBLISH_ATTEMPTS = 3;

function parse(message: string): (FlagChange & { origin: string }) | undefined {
  try {
    const value = JSON.parse(message) as { kind?: unknown; tenantId?: unknown; origin?: unknown };
    if (typeof value.origin !== 'string') return undefined;
    if (value.kind === 'tenant' && typeof value.tenantId === 'string') return { kind: 'tenant', tenantId: value.tenantId, origin: value.origin };
    if (value.kind === 'all-tenants' || value.kind === 'global') return { kind: value.kind, origin: value.origin };
  } catch {
    // fall through: not ours
  }
  return undefined;
}

/**
 * Carries change notices between platform instances over Redis pub/sub, on the channel
 * `<REDIS_PREFIX>:flags:changes`. Messages say only *what* changed; receivers reload it from
 * PostgreSQL, so a message can never carry a state that did not commit. Pub/sub does not replay what a
 * disconnected subscriber missed, so every reconnection triggers a full reload (`onResync`).
 */
export class FlagChangeBus {
  /** This instance's id, so it can ignore its own messages (it applied the change already). */
  readonly origin = randomUUID();
  /** The Redis client name of the subscriber connection (visible in CLIENT LIST). */
  readonly connectionName = `tessera-flags-${this.origin.slice(0, 8)}`;
  private subscriber: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    readonly channel: string,
    private readonly logger: ModuleLogger,
  ) {}

  async start(handlers: FlagChangeHandlers): Promise<void> {
    const subscriber = this.redis.duplicate({ connectionName: this.connectionName });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the command connection already logs Redis outages
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const change = parse(message);
      if (!change) {
        this.logger.warn({ channel }, 'ignored a malformed flag change message');
        return;
      }
      if (change.origin !== this.origin) handlers.onChange(change);
    });
    let awaitingFirstConnection = true;
    subscriber.on('ready', () => {
      if (awaitingFirstConnection) {
        awaitingFirstConnection = false;
        return;
      }
      // Reconnected: confirm the subscription first, then reload, so no change falls between the two.
      subscriber.subscribe(this.channel).then(
        () => {
          this.logger.warn({ channel: this.channel }, 'flag change subscription restored; reloading flag state');
          handlers.onResync();
        },
        (error: Error) => this.logger.error({ err: { message: error.message } }, 'could not restore the flag change subscription'),
      );
    });
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      // Redis is down at boot: start anyway (readiness reports Redis); subscribe and reload once it is back.
      awaitingFirstConnection = false;
      this.logger.error({ err: { message: (error as Error).message } }, 'could not subscribe to flag changes; changes from other instances arrive once Redis is back');
    }
  }

  /** Tells the other instances; retried, then logged (the cache time-to-live bounds staleness). */
  async publish(change: FlagChange): Promise<void> {
    const message = JSON.stringify({ ...change, origin: this.origin });
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      try {
        await this.redis.publish(this.channel, message);
        return;
      } catch (error) {
        if (attempt === PUBLISH_ATTEMPTS) {
          this.logger.error({ err: { message: (error as Error).message }, change }, 'could not publish a flag change; other instances see it when their cache expires');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    subscriber.removeAllListeners('ready');
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }
}
