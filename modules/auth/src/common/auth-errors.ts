import { TesseraError } from '@tessera/module-sdk';

/** The one answer to every failed login, whatever failed: unknown tenant, unknown email, wrong password. */
export const invalidCredentials = () =>
  new TesseraError('unauthenticated', 'INVALID_CREDENTIALS', 'The tenant, email or password is not correct.');

export const invalidToken = (code = 'INVALID_TOKEN', message = 'The access token is not valid.') => new TesseraError('unauthenticated', code, message);

export const invalidRefreshToken = () =>
  new TesseraError('unauthenticated', 'INVALID_REFRESH_TOKEN', 'The refresh token is not valid or has expired; log in again.');
