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
  /** Paths each connection cycles through in turn (e.g. many rows by id); `path` is the one the pre-flight requests. */
  readonly rotatePaths?: readonly string[];
  /** Every `[<id>]` in the body becomes a fresh unique id on every request (autocannon's idReplacement): unique emails, keys. */
  readonly uniqueIds?: boolean;
}

export interface StartedServer {
  /** The HTTP port, when the server listens (a worker host does not). */
  readonly port?: number;
  readonly targets: Readonly<Record<string, HttpTarget>>;
  close(): Promise<void>;
}

/** Options arrive as JSON from the bench (see `ServerSpec.options`). */
export type ServerFactory = (options: Readonly<Record<string, unknown>>) => Promise<StartedServer>;
