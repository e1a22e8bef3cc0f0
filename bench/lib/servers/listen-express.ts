import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Starts `app` on a free port of 127.0.0.1: the port and a close for a bare server's `StartedServer`. */
export async function listenExpress(app: Express): Promise<{ port: number; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<Express['listen']>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
