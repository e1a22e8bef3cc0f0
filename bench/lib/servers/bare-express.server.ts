import express from 'express';
import { FLOOR_BODY, FLOOR_BODY_TEXT } from './floor-body';
import { listenExpress } from './listen-express';
import type { ServerFactory } from './server-contract';

/** Bare Express (the same copy Nest's adapter runs), default settings, one route answering the floor JSON. */
export const startBareExpress: ServerFactory = async () => {
  const app = express();
  app.get('/floor', (_request, response) => {
    response.json(FLOOR_BODY);
  });
  return { ...(await listenExpress(app)), targets: { floor: { path: '/floor', expectBody: FLOOR_BODY_TEXT } } };
};
