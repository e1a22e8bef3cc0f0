import type { AuthConfig } from '../auth.config';
import { DeviceTokens } from './device-tokens.service';

describe('device tokens', () => {
  const config = { keyEncryptionSecret: 'a-test-secret-of-at-least-thirty-two-characters', lockoutDeviceTokenTtlDays: 1 } as AuthConfig;
  const tokens = new DeviceTokens(config);
  afterEach(() => jest.useRealTimers());

  it('verify the account they were issued for, answering the token id', () => {
    const token = tokens.issue('account-a');
    expect(token).toMatch(/^tsd_[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify('account-a', token)).toBe(token.slice(4, 26));
  });

  it('refuse another account, a tampered token, another secret, garbage and nothing', () => {
    const token = tokens.issue('account-a');
    expect(tokens.verify('account-b', token)).toBeNull();
    const [head, issuedAt, mac] = token.split('.') as [string, string, string];
    expect(tokens.verify('account-a', `${head}.${Number(issuedAt) + 1}.${mac}`)).toBeNull();
    expect(new DeviceTokens({ ...config, keyEncryptionSecret: 'another-secret-of-at-least-thirty-two-chars' }).verify('account-a', token)).toBeNull();
    expect(tokens.verify('account-a', 'tsd_nonsense')).toBeNull();
    expect(tokens.verify('account-a', undefined)).toBeNull();
  });

  it('refuse a token issued before the given time (a password reset), and accept one issued in its second or later', () => {
    jest.useFakeTimers({ now: 1_700_000_000_500 });
    const before = tokens.issue('account-a');
    jest.setSystemTime(1_700_000_002_250);
    const sameSecond = tokens.issue('account-a');
    expect(tokens.verify('account-a', before, 1_700_000_002_000)).toBeNull();
    expect(tokens.verify('account-a', sameSecond, 1_700_000_002_000)).toBe(DeviceTokens.idOf(sameSecond));
    expect(tokens.verify('account-a', before, 1_700_000_000_900)).toBe(DeviceTokens.idOf(before));
  });

  it('expire after the configured number of days', () => {
    const token = tokens.issue('account-a');
    jest.useFakeTimers({ now: Date.now() + 86_400_000 + 1000 });
    expect(tokens.verify('account-a', token)).toBeNull();
  });
});
