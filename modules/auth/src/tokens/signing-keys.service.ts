import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, MODULE_CONFIG, MODULE_LOGGER, UNIT_OF_WORK, type AuditLog, type ModuleLogger, type UnitOfWork } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { SigningKey } from '../entities/signing-key.entity';
import { derivedKey } from './derived-key';
import { KeyEncryption } from './key-encryption';

const CLOCK_SKEW_MS = 60_000;
const MIN_RELOAD_INTERVAL_MS = 1_000;

interface LoadedKey {
  readonly publicKey: KeyObject;
  readonly verifyUntil: number | null;
  readonly jwk: JsonWebKey;
}

/**
 * The token signing keys, shared by every replica through the database: one `active` Ed25519 key signs;
 * the keys it replaced keep verifying (`retiring`) until every token they signed has expired. Keys are
 * parsed into KeyObjects once, when loaded; each replica reloads them every `keyRefreshSeconds`, and at
 * once (at most once a second) when a token names a key it does not know yet, so a rotation on one
 * replica never makes another refuse the new tokens.
 */
@Injectable()
export class SigningKeys {
  private readonly encryption: KeyEncryption;
  private keys = new Map<string, LoadedKey>();
  private active: { kid: string; privateKey: KeyObject } | undefined;
  private lastLearn = 0;
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(MODULE_LOGGER) private readonly logger: ModuleLogger,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {
    this.encryption = new KeyEncryption(derivedKey(config, 'signing-key-encryption/v1'));
  }

  /** Loads the keys (creating the first one if there is none) and starts the periodic reload. */
  async start(): Promise<void> {
    if (!this.config.keyEncryptionSecret) {
      this.logger.warn('AUTH_KEY_ENCRYPTION_SECRET is not set: signing keys are encrypted with a development-only secret.');
    }
    await this.reload();
    if (!this.active) await this.rotate({ onlyIfNone: true });
    this.timer = setInterval(() => void this.reload().catch((error: Error) => this.logger.error({ err: { message: error.message } }, 'signing key reload failed')), this.config.keyRefreshSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The key that signs new tokens. */
  signingKey(): { kid: string; privateKey: KeyObject } {
    if (!this.active) throw new Error('No active signing key is loaded; the auth module has not booted.');
    return this.active;
  }

  /** A key that may verify tokens now, by kid. */
  verificationKey(kid: string): KeyObject | undefined {
    const key = this.keys.get(kid);
    if (!key || (key.verifyUntil !== null && key.verifyUntil < Date.now())) return undefined;
    return key.publicKey;
  }

  /**
   * Reloads when `kid` is unknown here (another replica may have rotated). Unknown kids can come from
   * anyone, so this happens at most once a second whatever they send.
   */
  async learn(kid: string): Promise<void> {
    if (this.keys.has(kid) || Date.now() - this.lastLearn < MIN_RELOAD_INTERVAL_MS) return;
    this.lastLearn = Date.now();
    await this.reload();
  }

  /** The public keys that verify tokens now, as a JWKS document. */
  jwks(): { keys: JsonWebKey[] } {
    const now = Date.now();
    return { keys: [...this.keys.values()].filter((k) => k.verifyUntil === null || k.verifyUntil >= now).map((k) => k.jwk) };
  }

  /**
   * Makes a new key the signing key; the previous one keeps verifying until every token it signed has
   * expired (including tokens other replicas sign before they reload). Serialised across replicas.
   */
  async rotate(options: { onlyIfNone?: boolean } = {}): Promise<string | undefined> {
    const kid = await this.work.withoutTenant(async () => {
      await this.em.getConnection().execute("SELECT pg_advisory_xact_lock(hashtextextended('tessera-auth-signing-keys', 0))", [], 'get', this.em.getTransactionContext());
      const current = await this.em.findOne(SigningKey, { state: 'active' });
      if (current && options.onlyIfNone) return undefined;
      const now = Date.now();
      if (current) {
        current.state = 'retiring';
        current.verifyUntil = new Date(now + (this.config.accessTokenTtlSeconds + this.config.keyRefreshSeconds) * 1000 + CLOCK_SKEW_MS);
        await this.em.flush();
      }
      await this.em.nativeDelete(SigningKey, { state: 'retiring', verifyUntil: { $lt: new Date(now) } });
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const next = this.em.create(SigningKey, {
        kid: randomUUID(),
        publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        privateKeyEncrypted: this.encryption.encrypt(privateKey.export({ format: 'der', type: 'pkcs8' })),
        state: 'active',
      });
      await this.em.flush();
      await this.audit.record({ action: 'auth.signing-key-rotated', target: { type: 'signing-key', id: next.kid }, before: current ? { kid: current.kid } : undefined });
      return next.kid;
    });
    await this.reload();
    return kid;
  }

  /** Reads the key set; KeyObjects already loaded are kept, never parsed again. */
  async reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        const rows = await this.work.withoutTenant(() => this.em.find(SigningKey, {}));
        const next = new Map<string, LoadedKey>();
        let active = this.active;
        for (const row of rows) {
          const known = this.keys.get(row.kid);
          const publicKey = known?.publicKey ?? createPublicKey(row.publicKey);
          next.set(row.kid, {
            publicKey,
            verifyUntil: row.verifyUntil ? row.verifyUntil.getTime() : null,
            jwk: known?.jwk ?? { ...publicKey.export({ format: 'jwk' }), kid: row.kid, alg: 'EdDSA', use: 'sig' },
          });
          if (row.state === 'active' && active?.kid !== row.kid) {
            const der = this.encryption.decrypt(row.privateKeyEncrypted);
            active = { kid: row.kid, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
          }
        }
        const activeRow = rows.find((row) => row.state === 'active');
        this.active = activeRow ? active : undefined;
        this.keys = next;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }
}
