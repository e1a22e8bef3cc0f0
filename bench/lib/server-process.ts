/**
 * The child process every bench server runs in (compiled to bench/.out/build, run without a loader):
 * `node server-process.js <server file> <factory export> [options JSON]`. It starts the server, reports
 * `ready` over IPC, then answers the bench's requests: memory usage, CPU profile start/stop, close.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { startCpuProfile } from './cpu-profiler';
import type { ServerFactory, StartedServer } from './servers/server-contract';

/** Messages between the bench and this process (see `bench-server.ts`). */
export type ServerRequest =
  | { readonly type: 'memory'; readonly id: number; readonly gc?: boolean }
  | { readonly type: 'profile-start'; readonly id: number }
  | { readonly type: 'profile-stop'; readonly id: number; readonly file: string }
  | { readonly type: 'close'; readonly id: number };

export type ServerReply =
  | { readonly type: 'ready'; readonly port?: number; readonly targets: StartedServer['targets']; readonly bootMs: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'reply'; readonly id: number; readonly memory?: NodeJS.MemoryUsage; readonly error?: string };

const send = (message: ServerReply) => process.send?.(message);

async function main(): Promise<void> {
  const [file, exportName, optionsJson] = process.argv.slice(2);
  if (!file || !exportName) throw new Error('usage: server-process.js <server file> <factory export> [options JSON]');
  const exports = (await import(join(__dirname, 'servers', file))) as Record<string, ServerFactory | undefined>;
  const factory = exports[exportName];
  if (typeof factory !== 'function') throw new Error(`servers/${file} exports no server factory named ${exportName}`);
  const server = await factory(JSON.parse(optionsJson ?? '{}') as Record<string, unknown>);
  // performance.now() counts from process start: the boot figure includes loading the code.
  send({ type: 'ready', port: server.port, targets: server.targets, bootMs: performance.now() });

  let stopProfile: ((file: string) => Promise<void>) | undefined;
  process.on('message', (request: ServerRequest) => {
    const handle = async (): Promise<Omit<Extract<ServerReply, { type: 'reply' }>, 'type' | 'id'>> => {
      switch (request.type) {
        case 'memory':
          if (request.gc) (globalThis as { gc?: () => void }).gc?.();
          return { memory: process.memoryUsage() };
        case 'profile-start':
          stopProfile = await startCpuProfile();
          return {};
        case 'profile-stop': {
          if (!stopProfile) throw new Error('no profile was started');
          await stopProfile(request.file);
          stopProfile = undefined;
          return {};
        }
        case 'close':
          await server.close();
          return {};
      }
    };
    handle().then(
      (reply) => {
        send({ type: 'reply', id: request.id, ...reply });
        if (request.type === 'close') process.disconnect();
      },
      (error: unknown) => send({ type: 'reply', id: request.id, error: String((error as Error)?.stack ?? error) }),
    );
  });
}

// Without the bench (it died or disconnected), nothing should keep running.
process.on('disconnect', () => process.exit(0));
main().catch((error: unknown) => {
  send({ type: 'failed', message: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
