import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real service (PostgreSQL, Redis), so a test can make that service unreachable
 * for one platform and bring it back, without touching the server other suites share.
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far, and those still open (a client that released its pool leaves none). */
  connections(): { accepted: number; open: number };
  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string;
  /** Drops every connection and refuses new ones (the service looks down). */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    port,
    connections: () => ({ accepted, open: clients.size }),
    through(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: stop,
    restore: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: stop,
  };
}

/** A proxy in front of the server of a `postgres://` or `redis://` URL (or `rediss://`; default ports 5432 and 6379). */
export function startTcpProxyFor(url: string): Promise<TcpProxy> {
  const { protocol, hostname, port } = new URL(url);
  return startTcpProxy({ host: hostname, port: Number(port || (protocol.startsWith('redis') ? 6379 : 5432)) });
}
