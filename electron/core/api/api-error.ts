import type { ApiErrorInfo } from '../../../preload/contract';

/** An error the core means the user to read, with a stable code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Turns anything thrown by a service into what crosses to the renderer. libvirt errors keep
 * their code name (e.g. VIR_ERR_NO_DOMAIN); anything unexpected becomes INTERNAL with its message,
 * never a stack trace.
 */
export function toErrorInfo(err: unknown): ApiErrorInfo {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  if (err && typeof err === 'object') {
    const e = err as { codeName?: unknown; code?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (typeof e.codeName === 'string') return { code: e.codeName, message };
    if (typeof e.code === 'string') return { code: e.code, message };
    return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(err) };
}
