import { NonRetryableJobError, TesseraError } from '@tessera/module-sdk';
import { classify, JobAttemptError, parseFailure, platformFailure } from './job-failure';

describe('job failures', () => {
  it('keeps the code of an expected failure through BullMQ (failedReason) and back', () => {
    const error = new JobAttemptError(classify(new TesseraError('conflict', 'CONTACT_LOCKED', 'The contact is being merged.')));
    expect(error.message).toBe('CONTACT_LOCKED: The contact is being merged.');
    expect(parseFailure(error.message)).toEqual({ code: 'CONTACT_LOCKED', message: 'The contact is being merged.', expected: true, retryable: true });
  });

  it('marks an unexpected error internal, so tenants never see its message', () => {
    const failure = classify(new Error('connect ECONNREFUSED 10.0.0.7:5432'));
    expect(failure).toMatchObject({ code: 'JOB_HANDLER_FAILED', expected: false, retryable: true });
    expect(parseFailure(new JobAttemptError(failure).message)).toMatchObject({ code: 'JOB_HANDLER_FAILED', expected: false });
  });

  it('does not retry a NonRetryableJobError, and BullMQ recognises it as unrecoverable by name', () => {
    const failure = classify(new NonRetryableJobError('UPLOAD_GONE', 'The upload no longer exists.'));
    expect(failure.retryable).toBe(false);
    expect(new JobAttemptError(failure).name).toBe('UnrecoverableError');
    expect(new JobAttemptError({ ...failure, retryable: true }).name).not.toBe('UnrecoverableError');
  });

  it('reads a failedReason it did not write as a generic failure', () => {
    expect(parseFailure('job stalled more than allowable limit')).toEqual({ code: 'JOB_FAILED', message: 'job stalled more than allowable limit', expected: false, retryable: true });
    expect(platformFailure('MODULE_DISABLED', 'off', false).failure.retryable).toBe(false);
  });
});
