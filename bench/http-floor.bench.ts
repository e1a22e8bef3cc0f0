/**
 * The HTTP floor: a route that returns a constant, through the whole platform (the test-only bench-http
 * module next to the built-in modules, production settings), against bare Express, bare Fastify and bare
 * Nest returning the same JSON. autocannon, 100 connections, interleaved rounds: `npm run bench -- http-floor`.
 */
import 'reflect-metadata';
import { saveResult } from './lib/bench-result';
import { withServers, type ServerSpec } from './lib/bench-server';
import { comparisonRows, loadSettings, runHttpLoad } from './lib/http-load';
import { withBenchServices } from './lib/services';

const SERVERS: ServerSpec[] = [
  { label: 'platform', file: 'platform.server', factory: 'startPlatform', options: { modules: 'floor', session: true }, database: true },
  { label: 'bare Nest', file: 'bare-nest.server', factory: 'startBareNest' },
  { label: 'bare Express', file: 'bare-express.server', factory: 'startBareExpress' },
  { label: 'bare Fastify', file: 'bare-fastify.server', factory: 'startBareFastify' },
];

void withBenchServices(() =>
  withServers(SERVERS, async ([platform, nest, express, fastify]) => {
    const settings = loadSettings();
    const [pub, auth, bareNest, bareExpress, bareFastify] = await runHttpLoad(
      [
        { label: 'platform, public route', server: platform!, target: 'floor' },
        { label: 'platform, authenticated route', server: platform!, target: 'floor-authenticated' },
        { label: 'bare Nest', server: nest!, target: 'floor' },
        { label: 'bare Express', server: express!, target: 'floor' },
        { label: 'bare Fastify', server: fastify!, target: 'floor' },
      ],
      settings,
    );
    saveResult({
      name: 'http-floor',
      title: 'HTTP floor: a trivial route through the platform vs bare Express, Fastify and Nest',
      command: 'npm run bench -- http-floor',
      rows: [
        ...comparisonRows(pub!, bareExpress!),
        ...comparisonRows(pub!, bareFastify!),
        ...comparisonRows(auth!, bareExpress!),
        ...comparisonRows(auth!, bareFastify!),
        ...comparisonRows(pub!, bareNest!, { note: 'what the platform adds on top of Nest itself' }),
        ...comparisonRows(bareNest!, bareExpress!, { targets: { requests: '0.72-0.87 (published anchor)' }, note: 'harness check: Nest over its own adapter' }),
      ],
      notes: [
        `autocannon in the bench process, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up per side, then ${settings.rounds} rounds of ${settings.roundSeconds} s, the five sides interleaved (forwards, backwards, ...). Figures are medians over rounds; each ratio is the median of the per-round ratios (range in the note). Any error or non-2xx response fails the run.`,
        'Every server runs compiled code (npm run build; the bench servers compiled with swc) in its own child process with the same flags and NODE_ENV=production; only the side under load is busy. Load generator, server and (for the platform) PostgreSQL and Redis share the 2 cores, alike for every side.',
        'Platform: createPlatform as apps/api runs it, with the built-in modules (auth, custom-fields, contacts) and the bench-http module, production defaults: LOG_LEVEL=info (one access-log line per request, to /dev/null), pool of 10, docs and queue dashboard on; rate limits raised to their maximum so nobody gets a 429 (the counters still run).',
        'Public route (the floor): request context, the access log (one line per request, kernel accessLogMiddleware), helmet/CORS, metrics, body parsers, the access guard (public: no authenticator), the module gate, the auth module\'s anonymous rate limit (one Redis script), the per-request transaction (deferred: it opens at its first statement, so this route, which runs none, sends no BEGIN/COMMIT and takes no pool connection), the zod pipe, the error envelope. Authenticated route: the same plus the auth module\'s access-token check (Ed25519 + one Redis MGET for revocations), the per-principal and per-tenant rate limits (two Redis scripts), the tenant enablement check and a tenant transaction (deferred too; a route that queries sends `BEGIN; SELECT set_config(...)` as one query ahead of its first statement, then COMMIT): what every tenant route pays before its own work.',
        'Bare servers answer the same JSON with default settings (Express 5.2.1, the copy Nest uses; Fastify 5 without a response schema; Nest 11 on Express, logger off). The published anchor is for bare Nest over bare Express (measured on Express 4; Express 5 is slower itself, so Nest\'s share of it is smaller here); the platform rows have no target of their own and sit far below that anchor, so the platform side was profiled.',
        'Profile before issue 8 (npm run bench:profile -- http-floor platform, 10 s, 2026-12-01 09:xx, load average 5-7; 550 req/s public, 383 authenticated, 0.15x and 0.09x bare Express): about 2 ms of CPU per public request against 0.3 ms for bare Express. By concern: HTTP framework 30 % (Express and its router, Nest\'s router, the one interceptor: rxjs and AsyncResource.bind), the per-request transaction 21 % (em.transactional, knex building a transaction-bound instance per transaction, pool, BEGIN and COMMIT on a route that never queries; the pg socket writes alone were up to 19 % on a loaded machine), GC 18 %, the access log 12-14 % (pino-http: a child logger per request, whole request and response with every header copied and redacted), anonymous rate limit 5 %. Authenticated: database 26 % (set_config was its own round trip), framework 23 %, GC 13 %, auth 10 % (Ed25519 6 %), logging 8 %, Redis 6 %.',
        'Changed for issue 8: (1) the access log is one small line per request written by a kernel middleware (request id, tenant, method, URL, status, time; never a header), no pino-http child logger: logging went from 13.8 % to 3.7 % of the public route\'s CPU; (2) request transactions open at their first statement (libs/persistence DeferredConnection): a route that never queries sends no BEGIN/COMMIT and holds no connection; (3) a tenant transaction sends BEGIN and set_config as one query (one round trip fewer for every tenant route). CPU time of the server process per request, 10 connections, best of two 1,500-request rounds, same loaded machine (load 7-19), before / after: public 3.19 / 1.95 ms, authenticated 5.15 / 2.88 ms, bare Express 0.60 / 0.68 ms.',
        'Requests/s ratios depend on the machine\'s load more than the CPU figures do: beside other benches and test suites (load average 7-13) the platform, with PostgreSQL and Redis in its path and more async hops, loses more than the bare servers (0.105 public, 0.066 authenticated against bare Express at 13:01 on 2026-12-01), while quiet runs gave 0.25-0.32 and 0.18-0.24. The like-for-like before/after is the CPU time per request in the note above, measured back to back on the same machine.',
        'Left as they are: the per-transaction knex instance (makeKnex per transaction; avoiding it means replacing knex\'s transaction internals; a route that never queries no longer pays it), the interceptor (the transaction must wrap the handler after the guards set the tenant; Nest offers only interceptors for that, and one interceptor is the minimum), the auth module\'s sequential rate-limit scripts (its own semantics), Express\'s ETag (clients may rely on it).',
      ],
    });
  }),
);
