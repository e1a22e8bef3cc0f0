import type { Request } from 'express';

/** Where a request came from, as recorded on sessions and in audit entries. */
export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string;
}

/** The client address (through the configured trusted proxies) and user agent of a request. */
export function clientInfo(request: Request): ClientInfo {
  return { ip: request.ip ?? '', userAgent: String(request.headers['user-agent'] ?? '').slice(0, 300) };
}
