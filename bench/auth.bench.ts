/**
 * Auth costs: argon2id at the configured parameters (what a login costs the CPU), and what verifying a
 * request's credential costs, the full authenticator against a bare Ed25519 signature check of the same
 * token, interleaved. Real PostgreSQL and Redis (TEST_DATABASE_ADMIN_URL / TEST_REDIS_URL).
 */
import 'reflect-metadata';
import { verify } from 'node:crypto';
import { hash, verify as argonVerify, argon2id } from 'argon2';
import { setupTestServices, startTestPlatform, teardownTestServices } from '@tessera/module-sdk/testing';
import { authModule } from '@tessera/auth';
import { createTenantSession } from '../modules/auth/src/testing';
import { AuthAuthenticator } from '../modules/auth/src/authenticator/auth.authenticator';
import { AccessTokens } from '../modules/auth/src/tokens/access-tokens.service';
import { SigningKeys } from '../modules/auth/src/tokens/signing-keys.service';
import { saveResult } from './lib/bench-result';
import { interleave, median, percentile } from './lib/sampling';

const us = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1000;

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return us(started);
}

async function main(): Promise<void> {
  await setupTestServices();
  const t = await startTestPlatform({ modules: [authModule], env: { AUTH_KEY_ENCRYPTION_SECRET: 'bench-secret-bench-secret-bench-secret-000000', AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '1000000', AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '1000000' } });
  try {
    // 1. argon2id: hash and verify at the module's defaults (OWASP minimum m=19456 KiB, t=2, p=1), and at the
    //    argon2 package's own defaults (m=65536, t=3, p=4) for reference.
    const owasp = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
    const heavier = { type: argon2id, memoryCost: 65536, timeCost: 3, parallelism: 4 } as const;
    const stored = await hash('correct horse battery staple', owasp);
    const hashSamples = { a: [] as number[], b: [] as number[] };
    for (let i = 0; i < 20; i++) {
      hashSamples.a.push(await timeAsync(() => hash(`password-${i}`, owasp)));
      hashSamples.b.push(await timeAsync(() => hash(`password-${i}`, heavier)));
    }
    const verifySamples: number[] = [];
    for (let i = 0; i < 20; i++) verifySamples.push(await timeAsync(() => argonVerify(stored, 'correct horse battery staple')));

    // 2. Request authentication: the full authenticator (parse, key lookup, Ed25519 verify, claims, one Redis
    //    round trip for revocations) against the bare signature check of the same token.
    const session = await createTenantSession(t, { role: 'admin' });
    const authenticator = t.platform.app.get(AuthAuthenticator, { strict: false });
    const tokens = t.platform.app.get(AccessTokens, { strict: false });
    const keys = t.platform.app.get(SigningKeys, { strict: false });
    const [header, payload, signature] = session.accessToken.split('.') as [string, string, string];
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid as string;
    const publicKey = keys.verificationKey(kid)!;
    const signed = Buffer.from(`${header}.${payload}`);
    const sig = Buffer.from(signature, 'base64url');
    const source = { headers: { authorization: `Bearer ${session.accessToken}` }, ip: '127.0.0.1' };
    const rounds = 3000;
    const full = await interleave(
      rounds,
      () => timeAsync(() => authenticator.authenticate(source)),
      () => timeAsync(async () => verify(null, signed, publicKey, sig)),
    );
    const noRedis = await interleave(
      rounds,
      () => timeAsync(() => tokens.verify(session.accessToken)),
      () => timeAsync(async () => verify(null, signed, publicKey, sig)),
    );

    // 3. An API key: a database lookup under row-level security on every call.
    const apiKey = (await t.http().post('/api/v1/auth/api-keys').set(session.headers).send({ name: 'bench', permissions: ['auth.members.read'] })).body.secret as string | undefined;
    const apiKeySamples: number[] = [];
    if (apiKey) {
      const keySource = { headers: { 'x-api-key': apiKey }, ip: '127.0.0.1' };
      for (let i = 0; i < 500; i++) apiKeySamples.push(await timeAsync(() => authenticator.authenticate(keySource)));
    }

    const ms = (values: number[]) => median(values) / 1000;
    saveResult({
      name: 'auth',
      title: 'Auth: argon2id cost and credential verification',
      command: 'npm run bench -- auth',
      rows: [
        { metric: 'argon2id hash, m=19456 t=2 p=1 (module default), median', value: ms(hashSamples.a), unit: 'ms' },
        { metric: 'argon2id hash, m=65536 t=3 p=4 (argon2 package default), median', value: ms(hashSamples.b), unit: 'ms' },
        { metric: 'argon2id verify at the module default (one login), median', value: ms(verifySamples), unit: 'ms', note: `p95 ${(percentile(verifySamples, 95) / 1000).toFixed(1)} ms` },
        {
          metric: 'access token: full authenticator (JWT + claims + Redis revocation check), median',
          value: median(full.a),
          unit: 'µs',
          baseline: median(full.b),
          ratio: median(full.b) / median(full.a),
          note: `p99 ${percentile(full.a, 99).toFixed(0)} µs`,
        },
        {
          metric: 'access token: JWT verification without the revocation check, median',
          value: median(noRedis.a),
          unit: 'µs',
          baseline: median(noRedis.b),
          ratio: median(noRedis.b) / median(noRedis.a),
        },
        ...(apiKeySamples.length ? [{ metric: 'API key: authenticator (database lookup under RLS), median', value: median(apiKeySamples), unit: 'µs', note: `p99 ${percentile(apiKeySamples, 99).toFixed(0)} µs` }] : []),
      ],
      notes: [
        'Bare baseline: crypto.verify(null, data, KeyObject, signature) on the same Ed25519 token, interleaved A/B in the same process.',
        'The authenticator adds header parsing, JSON parsing of header and claims, the claim checks, and one Redis MGET (session and user revocation markers): the Redis round trip dominates.',
        'argon2id runs on the libuv thread pool (4 threads by default): a login costs one verify; logins per second per core is roughly 1000 / verify ms.',
      ],
    });
  } finally {
    await t.close();
    await teardownTestServices();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
