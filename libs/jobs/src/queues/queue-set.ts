import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobCatalog } from '../catalog/job-catalog';
import type { JobsSettings } from '../jobs-settings';
import { bullPrefix, deadLetterQueueName } from './queue-keys';

/** A declared queue's BullMQ queue and its dead-letter queue. */
export interface QueuePair {
  readonly name: string;
  readonly module: string;
  readonly queue: Queue;
  readonly deadLetters: Queue;
}

/**
 * The BullMQ `Queue` objects of every declared queue (and their dead-letter queues), sharing one Redis
 * connection for commands. Workers open their own connections (BullMQ needs a blocking one per worker).
 */
export class QueueSet {
  readonly connection: Redis;
  private readonly pairs = new Map<string, QueuePair>();

  constructor(
    private readonly catalog: JobCatalog,
    readonly settings: JobsSettings,
  ) {
    // Producers fail fast (a request waiting on a dead Redis must not hang); BullMQ's own retry
    // logic covers the workers.
    this.connection = new Redis(settings.redisUrl, { connectionName: 'tessera-jobs', maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.connection.on('error', () => undefined); // reported by readiness; ioredis reconnects by itself
    for (const declared of catalog.queues()) {
      const options = { connection: this.connection, prefix: bullPrefix(settings.redisPrefix, declared.name) };
      const deadLetterName = deadLetterQueueName(declared.name);
      this.pairs.set(declared.name, {
        name: declared.name,
        module: declared.module,
        queue: new Queue(declared.name, options),
        deadLetters: new Queue(deadLetterName, { connection: this.connection, prefix: bullPrefix(settings.redisPrefix, deadLetterName) }),
      });
    }
  }

  all(): readonly QueuePair[] {
    return [...this.pairs.values()];
  }

  get(name: string): QueuePair | undefined {
    return this.pairs.get(name);
  }

  /** The pair of a declared queue; throws for an unknown name (a programming error). */
  require(name: string): QueuePair {
    const pair = this.pairs.get(name);
    if (!pair) throw new Error(`Queue "${name}" is not declared by any loaded module.`);
    return pair;
  }

  /**
   * BullMQ options every job of `name` is added with. Retention is set on the workers instead (the same
   * for every job, and every byte of per-job options is packed and parsed at every state change).
   */
  jobOptions(jobName: string): { attempts: number; backoff: { type: string; delay: number } } {
    const job = this.catalog.job(jobName);
    if (!job) throw new Error(`Job "${jobName}" is not declared by any loaded module.`);
    return { attempts: job.attempts, backoff: { type: 'tessera', delay: job.backoff.delayMs } };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().flatMap((pair) => [pair.queue.close(), pair.deadLetters.close()]));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
