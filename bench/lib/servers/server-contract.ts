/**
 * What a bench server process runs: a factory that starts one server and names the requests that
 * exercise it. Factories run inside `server-process.ts` (a child of the bench), never in the process that
 * generates the load.
 */

/** One request the load generator repeats (autocannon sends it on every connection). */
export interface HttpTarget {
  readonly path: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** When set, the pre-flight request must answer exactly this body (a 2xx with the wrong body is not a result). */
  readonly expectBody?: string;
}

export interface StartedServer {
  /** The HTTP port, when the server listens (a worker host does not). */
  readonly port?: number;
  readonly targets: Readonly<Record<string, HttpTarget>>;
  close(): Promise<void>;
}

/** Options arrive as JSON from the bench (see `ServerSpec.options`). */
export type ServerFactory = (options: Readonly<Record<string, unknown>>) => Promise<StartedServer>;
