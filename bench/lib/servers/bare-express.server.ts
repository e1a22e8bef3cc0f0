import type { AddressInfo } from 'node:net';
import express from 'express';
import { FLOOR_BODY, FLOOR_BODY_TEXT } from './floor-body';
import type { ServerFactory } from './server-contract';

/** Bare Express (the same copy Nest's adapter runs), default settings, one route answering the floor JSON. */
export const startBareExpress: ServerFactory = async () => {
  const app = express();
  app.get('/floor', (_request, response) => {
    response.json(FLOOR_BODY);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    port: (server.address() as AddressInfo).port,
    targets: { floor: { path: '/floor', expectBody: FLOOR_BODY_TEXT } },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
