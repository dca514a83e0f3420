/**
 * Errors raised while dialling a libvirt connection. `code` is stable and meant for programmatic
 * checks; `message` is written for the user.
 */
export type TransportErrorCode =
  | 'INVALID_URI'
  | 'UNSUPPORTED'
  | 'NO_DAEMON' // socket missing / connection refused
  | 'UNREACHABLE' // host name / routing problems
  | 'TIMEOUT'
  | 'ABORTED'
  | 'PERMISSION' // EACCES on a socket
  | 'TLS' // handshake / certificate problems
  | 'TLS_REJECTED' // server refused us after the handshake
  | 'AUTH' // ssh authentication failed
  | 'HOSTKEY_UNKNOWN_REJECTED'
  | 'HOSTKEY_CHANGED'
  | 'REMOTE_COMMAND' // ssh remote helper failed
  | 'IO';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
