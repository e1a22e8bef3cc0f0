/**
 * Polls `probe` until it returns a value other than `undefined` (or `false`), or fails after `timeoutMs`
 * with the last value seen: asynchronous work (a job in a worker) is awaited by its outcome, never by
 * sleeping a fixed time.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    last = value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
