import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const backoff = { delayMs: 1_000, maxDelayMs: 60_000, jitter: 0.5 };

  it('doubles the delay with every attempt', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(backoff, attempt, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the cap, however many attempts failed', () => {
    expect(backoffDelay(backoff, 30, () => 0)).toBe(60_000);
  });

  it('takes at most the jitter share off the delay', () => {
    expect(backoffDelay(backoff, 3, () => 1)).toBe(2_000);
    expect(backoffDelay(backoff, 3, () => 0.5)).toBe(3_000);
  });

  it('stays exact without jitter, unlike a jittered delay', () => {
    const exact = { ...backoff, jitter: 0 };
    expect(backoffDelay(exact, 2, () => 0.9)).toBe(2_000);
    expect(backoffDelay(backoff, 2, () => 0.9)).not.toBe(2_000);
  });
});
