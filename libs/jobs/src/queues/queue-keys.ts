/**
 * Redis naming of the job layer. Every queue has its own BullMQ prefix whose hash tag is the queue name,
 * so all keys of one queue (BullMQ's and the fairness keys) live in one Redis Cluster slot while
 * different queues spread over the cluster.
 */
export function bullPrefix(redisPrefix: string, queue: string): string {
  return `${redisPrefix}:jobs:{${queue}}`;
}

/**
 * The dead-letter queue of a queue. `--` cannot occur in a declared queue name (kebab-case segments), so
 * it never collides with one.
 */
export function deadLetterQueueName(queue: string): string {
  return `${queue}--dead-letters`;
}

/** Keys of the job layer's own data about a queue, in the queue's slot. */
export function fairnessKeys(redisPrefix: string, queue: string) {
  const base = `${bullPrefix(redisPrefix, queue)}:${queue}`;
  return {
    prioritized: `${base}:prioritized`,
    jobPrefix: `${base}:`,
    tenants: `${base}:fair:tenants`,
    claimPrefix: `${base}:fair:claim:`,
    rate: (minute: number) => `${base}:fair:rate:${minute}`,
  };
}

/** Keys of dashboard sessions and login tickets. */
export function dashboardKeys(redisPrefix: string) {
  return {
    session: (digest: string) => `${redisPrefix}:jobs:dashboard:session:${digest}`,
    ticket: (digest: string) => `${redisPrefix}:jobs:dashboard:ticket:${digest}`,
  };
}
