// Smoke test of the built platform under any Node binary (CI runs it under Node 24): boots apps/api and
// apps/worker from dist, probes them over HTTP, then stops them with SIGTERM. With SMOKE_DATABASE_ADMIN_URL
// (a superuser URL) it provisions and migrates a database of its own with the built CLI, as a deployment
// would; without it, it uses the README's quick start path (embedded PostgreSQL).
// Usage: npm run build && NODE_BIN=/path/to/node node test/smoke/run-smoke.mjs
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import pg from 'pg';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nodeBin = process.env.NODE_BIN ?? process.execPath;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function start(entry, env) {
  const child = spawn(nodeBin, [entry], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(url, process, seconds = 90) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    if (process.child.exitCode !== null) throw new Error(`process exited early:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 within ${seconds}s:\n${process.output()}`);
}

async function stop(process) {
  process.child.kill('SIGTERM');
  const code = await Promise.race([process.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
  assert.equal(code, 0, `expected a clean exit after SIGTERM, got ${code}:\n${process.output()}`);
}

const version = await new Promise((resolve) => {
  const child = spawn(nodeBin, ['--version']);
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.on('exit', () => resolve(out.trim()));
});
console.log(`smoke: Node ${version}, ${process.env.SMOKE_DATABASE_ADMIN_URL ? 'PostgreSQL from SMOKE_DATABASE_ADMIN_URL' : 'embedded PostgreSQL (quick start)'}`);

const [apiPort, workerPort] = [await freePort(), await freePort()];
// Without SMOKE_DATABASE_ADMIN_URL: an embedded cluster of this run's own (the api starts it, the worker
// reuses it), in the OS temp directory (reachable by the `postgres` OS user when running as root) and on a
// free port, deleted at the end, so parallel smoke runs never meet.
const embeddedDir = join(tmpdir(), `tessera-smoke-postgres-${process.pid}-${randomBytes(4).toString('hex')}`);
const shared = {
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DATABASE_URL: '',
  EMBEDDED_POSTGRES_DIR: embeddedDir,
  EMBEDDED_POSTGRES_PORT: process.env.SMOKE_POSTGRES_PORT ?? String(await freePort()),
  REDIS_PREFIX: `smoke-${randomBytes(4).toString('hex')}`,
};

const adminUrl = process.env.SMOKE_DATABASE_ADMIN_URL;
const smokeDatabase = `tessera_smoke_${randomBytes(4).toString('hex')}`;
if (adminUrl) {
  const url = (user, password) => {
    const parsed = new URL(adminUrl);
    Object.assign(parsed, { username: user, password, pathname: `/${smokeDatabase}` });
    return parsed.toString();
  };
  Object.assign(shared, {
    DATABASE_ADMIN_URL: adminUrl,
    DATABASE_URL: url('tessera_smoke_app', 'smoke-app'),
    DATABASE_MIGRATION_URL: url('tessera_smoke_owner', 'smoke-owner'),
    MIGRATE_ON_BOOT: 'false',
  });
  for (const command of ['db:provision', 'migrate']) {
    const code = await new Promise((resolve) => {
      const run = spawn(nodeBin, ['apps/api/dist/cli.js', command], { cwd: root, env: { ...process.env, ...shared }, stdio: 'inherit' });
      run.on('exit', resolve);
    });
    assert.equal(code, 0, `cli ${command} failed`);
  }
  console.log(`smoke: provisioned and migrated ${smokeDatabase} with the built CLI`);
}

const api = start('apps/api/dist/main.js', { ...shared, PORT: String(apiPort) });
const base = `http://127.0.0.1:${apiPort}`;
try {
  const ready = await (await waitFor(`${base}/health/ready`, api)).json();
  assert.ok(['ok', 'degraded'].includes(ready.status), `readiness: ${JSON.stringify(ready)}`);
  assert.equal((await fetch(`${base}/health/live`)).status, 200);

  const docs = await (await fetch(`${base}/docs-json`)).json();
  assert.match(docs.openapi, /^3\./);

  const missing = await fetch(`${base}/api/v1/no-such-route`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'ROUTE_NOT_FOUND');

  const anonymous = await fetch(`${base}/api/v1/platform/modules`);
  assert.equal(anonymous.status, 401);
  const body = await anonymous.json();
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'details', 'message', 'requestId']);

  const malformed = await fetch(`${base}/api/v1/platform/modules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
  assert.equal(malformed.status, 400);
  assert.equal((await malformed.json()).error.code, 'MALFORMED_JSON');
  console.log('smoke: api answered health, docs and the error envelope');

  const worker = start('apps/worker/dist/main.js', { ...shared, WORKER_HEALTH_PORT: String(workerPort) });
  try {
    await waitFor(`http://127.0.0.1:${workerPort}/health/ready`, worker);
    console.log('smoke: worker is ready');
  } finally {
    await stop(worker);
  }
} finally {
  await stop(api);
  rmSync(embeddedDir, { recursive: true, force: true });
  rmSync(`${embeddedDir}.credentials.json`, { force: true });
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${smokeDatabase} WITH (FORCE)`);
    await admin.end();
  }
}
console.log('smoke: api and worker shut down cleanly');
