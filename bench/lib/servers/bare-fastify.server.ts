import Fastify from 'fastify';
import { FLOOR_BODY, FLOOR_BODY_TEXT } from './floor-body';
import type { ServerFactory } from './server-contract';

/** Bare Fastify, logger off, one route answering the floor JSON (no response schema: plain JSON.stringify, like Express). */
export const startBareFastify: ServerFactory = async () => {
  const app = Fastify({ logger: false });
  app.get('/floor', async () => FLOOR_BODY);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : undefined,
    targets: { floor: { path: '/floor', expectBody: FLOOR_BODY_TEXT } },
    close: () => app.close(),
  };
};
