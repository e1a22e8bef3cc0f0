/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof` or the bench's profiler): the top functions by self
 * time, self time by package (npm package, workspace package, Node core, GC), the same with Node core's
 * time charged to the package that called it (what a package really costs), and that grouped by concern. Run on any profile:
 * `node -r @swc-node/register bench/lib/cpu-profile-summary.ts <file.cpuprofile> [top]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly selfMs: number;
  /** Share of the busy time (everything but idle). */
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  /** Self time per function. */
  readonly functions: readonly ProfileLine[];
  /** Self time per package. */
  readonly packages: readonly ProfileLine[];
  /** Self time per package, Node core and V8 builtins charged to the nearest package up the stack. */
  readonly charged: readonly ProfileLine[];
  /** The charged time grouped by what the packages do in this platform (see CONCERNS). */
  readonly concerns: readonly ProfileLine[];
}

/** The bench's own grouping of packages by what they do for a request, for "where does the time go". */
const CONCERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['database (MikroORM, knex, pg, pool)', /^(@mikro-orm\/|knex$|pg$|pg-|tarn$|@tessera\/persistence$)/],
  ['logging (pino, pino-http, redaction)', /^(pino|@pinojs\/|sonic-boom$|nestjs-pino$)/],
  ['Redis (ioredis, rate limits)', /^(ioredis$|@ioredis\/|@nestjs\/throttler$|@nest-lab\/|redis-)/],
  ['HTTP framework (Express, Nest, helmet, cors, rxjs)', /^(express$|router$|body-parser$|path-to-regexp$|helmet$|cors$|@nestjs\/|rxjs$|reflect-metadata$|finalhandler$|send$|on-finished$|content-type$|qs$|raw-body$|type-is$|iconv-lite$|etag$|fresh$|accepts$|negotiator$|vary$|mime)/],
  ['platform code (@tessera/*)', /^@tessera\//],
  ['garbage collector', /^\(garbage collector\)$/],
  ['Node core and V8', /^(node \(core\)|\(native \/ V8 builtins\)|\(program\))$/],
];
const concernOf = (pkg: string) => CONCERNS.find(([, pattern]) => pattern.test(pkg))?.[0] ?? `other: ${pkg}`;

const ROOT = join(__dirname, '..', '..');
const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);
const CORE = new Set(['node (core)', '(native / V8 builtins)']);
const workspaceNames = new Map<string, string>();

/** The package a script belongs to: an npm package, a workspace package (by its package.json name), or Node core. */
function packageOf(url: string, functionName: string): string {
  if (SPECIAL.has(functionName)) return functionName;
  if (!url) return '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node (core)';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [first, second] = path.slice(inModules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : first ?? path;
  }
  const [top, dir] = relative(ROOT, path).split('/');
  if (top === '..' || !dir) return path;
  const key = `${top}/${dir}`;
  if (!workspaceNames.has(key)) {
    const manifest = join(ROOT, top!, dir, 'package.json');
    workspaceNames.set(key, existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name ?? key : key);
  }
  return workspaceNames.get(key)!;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + '/node_modules/'.length);
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

/** Self time per function, per package and per concern; each sample counts the time until the next one. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const nameOf = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
    SPECIAL.has(functionName) ? functionName : `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();

  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  const charged = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, us: number) => totals.set(key, (totals.get(key) ?? 0) + us);
  let idleUs = 0;
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    busyUs += us;
    const pkg = packageOf(frame.url, frame.functionName);
    add(functions, nameOf(frame), us);
    add(packages, pkg, us);
    let chargedTo: string | undefined = CORE.has(pkg) ? undefined : pkg;
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
      const callFrame = byId.get(node)!.callFrame;
      if (callFrame.functionName === '(root)') break;
      const framePackage = packageOf(callFrame.url, callFrame.functionName);
      if (!CORE.has(framePackage)) {
        chargedTo = framePackage;
        break;
      }
    }
    add(charged, chargedTo ?? pkg, us);
  });
  const concerns = new Map<string, number>();
  for (const [pkg, us] of charged) add(concerns, concernOf(pkg), us);
  const lines = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    functions: lines(functions),
    packages: lines(packages),
    charged: lines(charged),
    concerns: lines(concerns),
  };
}

export function printProfileSummary(file: string, top = 15): ProfileSummary {
  const summary = summarizeProfile(file, top);
  const print = (title: string, lines: readonly ProfileLine[]) => {
    console.log(`\n${title}`);
    for (const line of lines) console.log(`  ${(line.share * 100).toFixed(1).padStart(5)} %  ${line.selfMs.toFixed(0).padStart(7)} ms  ${line.name}`);
  };
  console.log(`busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms (shares are of busy time)`);
  print(`Top ${top} functions by self time`, summary.functions);
  print('Self time by package', summary.packages);
  print('Self time by package, Node core and V8 builtins charged to the calling package', summary.charged);
  print('Charged time by concern', summary.concerns);
  return summary;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node -r @swc-node/register bench/lib/cpu-profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  printProfileSummary(file, top ? Number(top) : 15);
}
