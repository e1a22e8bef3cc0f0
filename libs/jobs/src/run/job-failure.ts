import { NonRetryableJobError, TesseraError } from '@tessera/module-sdk';

/** Why an attempt failed, with a stable code. */
export interface RecordedFailure {
  readonly code: string;
  readonly message: string;
  /** An expected failure's message may be shown to the tenant; an unexpected one only to operators. */
  readonly expected: boolean;
  /** False when another attempt cannot help: the job is dead-lettered at once. */
  readonly retryable: boolean;
}

/**
 * The error a failed attempt ends with. Its message (BullMQ's `failedReason`) is `CODE: message`, or
 * `CODE (internal): message` for an unexpected error, so the code survives in BullMQ, the dashboard and
 * the status API without another lookup.
 */
export class JobAttemptError extends Error {
  constructor(readonly failure: RecordedFailure) {
    super(`${failure.code}${failure.expected ? '' : ' (internal)'}: ${failure.message}`);
    this.name = failure.retryable ? 'JobAttemptError' : 'UnrecoverableError'; // BullMQ does not retry the latter
  }
}

/** A failure decided by the platform itself (refusals before the handler runs, timeouts). */
export function platformFailure(code: string, message: string, retryable: boolean): JobAttemptError {
  return new JobAttemptError({ code, message, expected: true, retryable });
}

/** Classifies what a handler threw. */
export function classify(error: unknown): RecordedFailure {
  if (error instanceof JobAttemptError) return error.failure;
  if (error instanceof NonRetryableJobError) return { code: error.code, message: error.message, expected: true, retryable: false };
  if (error instanceof TesseraError) return { code: error.code, message: error.message, expected: error.kind !== 'internal', retryable: true };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'JOB_HANDLER_FAILED', message: message.slice(0, 2_000), expected: false, retryable: true };
}

const FAILED_REASON = /^([A-Z][A-Z0-9_]*)( \(internal\))?: ([\s\S]*)$/;

/** Reads a failure back from BullMQ's `failedReason`. */
export function parseFailure(failedReason: string): RecordedFailure {
  const match = FAILED_REASON.exec(failedReason);
  if (!match) return { code: 'JOB_FAILED', message: failedReason, expected: false, retryable: true };
  return { code: match[1]!, message: match[3]!, expected: match[2] === undefined, retryable: true };
}
