import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MODULE_CONFIG } from '@tessera/module-sdk';
import { argon2id, hash, needsRehash, verify, type HashOptions } from 'argon2';
import type { AuthConfig } from '../auth.config';

/**
 * argon2id password hashing (the `argon2` package, bindings to the reference implementation). Parameters
 * come from configuration and can only be raised above OWASP's minimum (m=19 MiB, t=2, p=1); hashes made
 * with older parameters are upgraded at the next successful login.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: HashOptions;
  /** A real hash of a random password: verified against when there is no account, so both cost the same. */
  private dummyHash = '';

  constructor(@Inject(MODULE_CONFIG) config: AuthConfig) {
    this.options = {
      type: argon2id,
      memoryCost: config.argon2MemoryKib,
      timeCost: config.argon2TimeCost,
      parallelism: config.argon2Parallelism,
    };
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(`dummy-${Math.random()}-${Date.now()}`);
  }

  hash(password: string): Promise<string> {
    return hash(password, { ...this.options, raw: false });
  }

  /**
   * Verifies `password` against `hash`, or against the dummy hash when there is none: the same work
   * either way, so timing does not tell whether an account exists.
   */
  async verify(stored: string | null, password: string): Promise<boolean> {
    try {
      const ok = await verify(stored ?? this.dummyHash, password);
      return ok && stored !== null;
    } catch {
      return false;
    }
  }

  needsRehash(stored: string): boolean {
    return needsRehash(stored, this.options);
  }
}
