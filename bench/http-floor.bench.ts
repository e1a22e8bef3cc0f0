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
        'Platform: createPlatform as apps/api runs it, with the built-in modules (auth, custom-fields) and the bench-http module, production defaults: LOG_LEVEL=info (one access-log line per request, to /dev/null), pool of 10, docs and queue dashboard on; rate limits raised to their maximum so nobody gets a 429 (the counters still run).',
        'Public route (the floor): request context, helmet/CORS, metrics, access log, body parsers, the access guard (public: no authenticator), the module gate, the auth module\'s anonymous rate limit (one Redis script), the per-request transaction (BEGIN + COMMIT, no tenant), the zod pipe, the error envelope. Authenticated route: the same plus the auth module\'s access-token check (Ed25519 + one Redis MGET for revocations), the per-principal and per-tenant rate limits (two Redis scripts), the tenant enablement check and set_config in the transaction: what every tenant route pays before its own work.',
        'Bare servers answer the same JSON with default settings (Express 5.2.1, the copy Nest uses; Fastify 5 without a response schema; Nest 11 on Express, logger off). The published anchor is for bare Nest over bare Express (measured on Express 4; Express 5 is slower itself, so Nest\'s share of it is smaller here); the platform rows have no target of their own and sit far below that anchor, so the platform side was profiled.',
        'Profile of the public route under load (npm run bench:profile -- http-floor platform, 10 s, 2026-12-01, load average 5-7): the server process is CPU-bound (98 % busy), about 2 ms of CPU per request against about 0.3 ms for bare Express. Time charged by concern (Node core charged to its caller): (1) HTTP framework 30 % — Express and its router, Nest\'s router and interceptor chain (rxjs, AsyncResource.bind per interceptor), helmet and cors (together under 3 %); (2) the per-request database transaction 21 % — MikroORM em.transactional, knex building a transaction-bound instance per transaction (make-knex redefineProperties is among the top self-time functions), the pool, pg BEGIN and COMMIT — on a route that never queries; (3) garbage collection 18 % (heap peaks around 220 MB under load against about 55 MB for bare Express, see the memory area), fed by the above and by the access log, which is 12 % on its own (pino-http child logger, redaction, serialisation, the write). The anonymous rate limit (ioredis + throttler) is 5 %, the platform\'s own code 2 %.',
        'Authenticated route, same profile: database 26 % (set_config adds a round trip), framework 23 %, GC 13 %, the auth module 10 % (Ed25519 verification alone 6 %, about 0.2 ms per request), logging 8 %, Redis 6 % (revocation MGET and two rate-limit scripts).',
        'Where the floor could move (not changed here, decisions for the kernel): open the request transaction lazily at the first query (routes that never query, and the probes, would skip BEGIN/COMMIT and the pool); log requests at a sampled or lower level (fewer allocations also means less GC). Each is worth a before/after run of this area.',
      ],
    });
  }),
);
