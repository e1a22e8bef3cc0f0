import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Read at runtime rather than imported: the file sits outside `src`, and both `src` and `dist` are one
// level below the package root.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

/** The kernel's version; module definitions declare the range of it they run on. */
export const PLATFORM_VERSION: string = manifest.version;
