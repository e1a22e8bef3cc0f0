/** Why an attempt was stopped from outside its handler. */
export type StopReason = 'release' | 'timeout' | 'lock-lost';

/**
 * Stops one running attempt from outside: at shutdown (release), past its timeout, or when BullMQ lost
 * its lock. The AbortSignal handed to the handler is created only if the handler reads it: creating one
 * per job is measurable at thousands of jobs per second (see bench/jobs.bench.ts).
 */
export class AttemptControl {
  reason: StopReason | undefined;
  private controller: AbortController | undefined;
  private onStop: ((reason: StopReason) => void) | undefined;

  constructor(readonly deadline: number) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller?.abort(reason);
    this.onStop?.(reason);
  }

  /** Runs `run` until it settles or the attempt is stopped, whichever comes first. */
  race<T>(run: () => Promise<T>, stopped: (reason: StopReason) => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.reason) return reject(stopped(this.reason));
      this.onStop = (reason) => reject(stopped(reason));
      run().then(resolve, reject);
    });
  }
}
