/**
 * Every malformed-input condition in the XDR layer surfaces as this one class, so callers (the
 * framer, the client, the fuzz test) can tell "the peer sent garbage" apart from a bug in our code.
 */
export class XdrError extends Error {
  override readonly name = 'XdrError';
}
