import { errorCodeNames, errorDomainNames, errorLevelNames, virErrorNumber, virErrorDomain, virErrorLevel } from './protocol/generated/virterror';
import type { virNetMessageError } from './protocol/generated/virnet';

/** Fields of libvirt's virError, as carried by remote_error / virNetMessageError. */
export interface LibvirtErrorFields {
  code: number;
  domain: number;
  message: string | null;
  level: number;
  str1?: string | null;
  str2?: string | null;
  str3?: string | null;
  int1?: number;
  int2?: number;
}

/**
 * An error reported by libvirt (the daemon, or this client speaking for it, as for unsupported
 * auth). `codeName`/`domainName` are libvirt's own spellings (VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU)
 * so logs can be grepped against libvirt documentation.
 */
export class LibvirtError extends Error {
  override readonly name = 'LibvirtError';
  readonly code: number;
  readonly codeName: string;
  readonly domain: number;
  readonly domainName: string;
  readonly level: number;
  readonly levelName: string;
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;
  /** Procedure whose call failed, when known. */
  readonly procedure: string | undefined;

  constructor(f: LibvirtErrorFields, procedure?: string) {
    const codeName = errorCodeNames.get(f.code) ?? `VIR_ERR_UNKNOWN_${f.code}`;
    super(f.message ?? `${codeName}${procedure ? ` in ${procedure}` : ''}`);
    this.code = f.code;
    this.codeName = codeName;
    this.domain = f.domain;
    this.domainName = errorDomainNames.get(f.domain) ?? `VIR_FROM_UNKNOWN_${f.domain}`;
    this.level = f.level;
    this.levelName = errorLevelNames.get(f.level) ?? `VIR_ERR_LEVEL_${f.level}`;
    this.str1 = f.str1 ?? null;
    this.str2 = f.str2 ?? null;
    this.str3 = f.str3 ?? null;
    this.int1 = f.int1 ?? 0;
    this.int2 = f.int2 ?? 0;
    this.procedure = procedure;
  }

  static fromWire(e: virNetMessageError, procedure?: string): LibvirtError {
    return new LibvirtError(e, procedure);
  }
}

/** Error raised locally in libvirt's vocabulary (code + VIR_FROM_REMOTE), like the C remote driver does. */
export function localError(code: keyof typeof virErrorNumber, message: string): LibvirtError {
  return new LibvirtError({
    code: virErrorNumber[code],
    domain: virErrorDomain.VIR_FROM_REMOTE,
    level: virErrorLevel.VIR_ERR_ERROR,
    message,
  });
}

/**
 * The connection is gone. Every call pending at that moment rejects with one of these; `reason`
 * says why (EOF, socket error, bad frame, keepalive timeout, protocol violation, client close).
 */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`libvirt connection closed: ${reason}`, options);
  }
}

/** A call (or the open handshake) got no answer in time. */
export class LibvirtTimeoutError extends Error {
  override readonly name = 'LibvirtTimeoutError';
  constructor(
    readonly procedure: string,
    readonly timeoutMs: number,
    message?: string,
  ) {
    super(message ?? `libvirt call ${procedure} got no reply within ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired before the reply came. */
export class LibvirtAbortError extends Error {
  override readonly name = 'AbortError';
  constructor(
    readonly procedure: string,
    options?: { cause?: unknown },
  ) {
    super(`libvirt call ${procedure} aborted`, options);
  }
}
