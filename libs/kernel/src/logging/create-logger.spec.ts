import { Writable } from 'node:stream';
import { createLogger } from './create-logger';

describe('process logger', () => {
  it('redacts credentials in a logged body, the login device token included', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ body: { email: 'ada@example.com', password: 'hunter2', deviceToken: 'tsd_secret-device-token', refreshToken: 'tsr_x' } }, 'login');
    const body = (JSON.parse(lines.join('')) as { body: Record<string, string> }).body;
    expect(body).toEqual({ email: 'ada@example.com', password: '[redacted]', deviceToken: '[redacted]', refreshToken: '[redacted]' });
  });
});
