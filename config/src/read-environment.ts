import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The process environment merged over an optional `.env` file. Real environment variables win, so a
 * deployment can always override a checked-in file.
 */
export function readEnvironment(options: { cwd?: string; envFile?: string } = {}): Record<string, string | undefined> {
  const path = resolve(options.cwd ?? process.cwd(), options.envFile ?? '.env');
  const fromFile = existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}
