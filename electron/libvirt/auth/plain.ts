/**
 * SASL PLAIN (RFC 4616): one message, `authzid NUL authcid NUL passwd`, UTF-8. It carries the
 * password itself, so sasl.ts only ever uses it over a secure transport (TLS, SSH, unix socket).
 */
export const PLAIN = 'PLAIN';

export class PlainError extends Error {
  override readonly name = 'PlainError';
}

/** The PLAIN initial response. The caller must wipe the returned buffer after sending it. */
export function plainMessage(username: string, password: string, authzid = ''): Buffer {
  if (username.length === 0) throw new PlainError('the user name is empty');
  if (username.includes('\0') || password.includes('\0') || authzid.includes('\0'))
    throw new PlainError('the user name, password or authorization identity contains a NUL character');
  return Buffer.concat([Buffer.from(authzid, 'utf8'), Buffer.from([0]), Buffer.from(username, 'utf8'), Buffer.from([0]), Buffer.from(password, 'utf8')]);
}
