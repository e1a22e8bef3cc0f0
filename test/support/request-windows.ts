/** When a request ran, by the wall clock of the test process. */
export interface RequestWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Records when named requests ran, so a suite can check that what they stamped (an audit entry's time)
 * falls inside the request that caused it.
 */
export class RequestWindows {
  private readonly windows = new Map<string, RequestWindow>();

  /** Runs `fn` and remembers its window under `name`. */
  async timed<T>(name: string, fn: () => PromiseLike<T>): Promise<T> {
    const from = Date.now();
    const result = await fn();
    this.windows.set(name, { from, to: Date.now() });
    return result;
  }

  /** Expects `stampedAt` inside the window of `name` (which must have been timed). */
  expectWithin(stampedAt: Date | string, name: string): void {
    const window = this.windows.get(name);
    if (!window) throw new Error(`no request was timed as "${name}"`);
    const at = new Date(stampedAt).getTime();
    expect(at).toBeGreaterThanOrEqual(window.from);
    expect(at).toBeLessThanOrEqual(window.to);
  }
}
