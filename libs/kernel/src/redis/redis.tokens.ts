/** The process's shared ioredis connection for commands (queues and pub/sub open their own). */
export const REDIS_CONNECTION = Symbol.for('tessera.redis-connection');
