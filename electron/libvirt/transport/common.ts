import type { Duplex } from 'node:stream';
import { TransportError } from './errors';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface DialContext {
  /** register a function that runs if the dial fails (close sockets, end ssh clients...) */
  onCleanup(fn: () => void): void;
  /** aborted on timeout, cancellation or failure */
  signal: AbortSignal;
  /** await a user callback (prompt) with the dial timeout suspended meanwhile */
  userWait<T>(p: T | Promise<T>): Promise<T>;
}

/**
 * Runs `start` with a deadline and an AbortSignal. Cleanups registered through the context run if
 * the dial fails, times out or is aborted; on success they are dropped and the caller owns the
 * resources. Time spent waiting for the user (ctx.userWait) does not count against the timeout.
 */
export async function withDeadline<T>(
  what: string,
  options: { signal?: AbortSignal; timeoutMs?: number },
  start: (ctx: DialContext) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outer = options.signal;
  if (outer?.aborted) throw abortError(what, outer.reason);
  const cleanups: Array<() => void> = [];
  const inner = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let rejectFailure: (err: unknown) => void = () => undefined;
  let remaining = timeoutMs > 0 && Number.isFinite(timeoutMs) ? timeoutMs : Infinity;
  let startedAt = Date.now();
  let waiting = 0;
  const arm = () => {
    if (remaining === Infinity) return;
    startedAt = Date.now();
    timer = setTimeout(() => {
      const err = new TransportError('TIMEOUT', `Timed out after ${formatMs(timeoutMs)} while ${what}`);
      inner.abort(err);
      rejectFailure(err);
    }, Math.max(0, remaining));
  };
  const disarm = () => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - startedAt;
    }
  };
  const failure = new Promise<never>((_, reject) => {
    rejectFailure = reject;
    arm();
    if (outer) {
      onAbort = () => {
        const err = abortError(what, outer.reason);
        inner.abort(err);
        reject(err);
      };
      outer.addEventListener('abort', onAbort, { once: true });
    }
  });
  const ctx: DialContext = {
    onCleanup: (fn) => cleanups.push(fn),
    signal: inner.signal,
    userWait: async <U>(p: U | Promise<U>): Promise<U> => {
      if (waiting++ === 0) disarm();
      try {
        return await p;
      } finally {
        if (--waiting === 0 && !inner.signal.aborted) arm();
      }
    },
  };
  try {
    return await Promise.race([start(ctx), failure]);
  } catch (err) {
    if (!inner.signal.aborted) inner.abort(err);
    for (const fn of cleanups.reverse()) {
      try {
        fn();
      } catch {
        /* best effort */
      }
    }
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
    timer = undefined;
    remaining = Infinity;
    if (outer && onAbort) outer.removeEventListener('abort', onAbort);
    failure.catch(() => undefined);
  }
}

function abortError(what: string, reason: unknown): TransportError {
  if (reason instanceof TransportError) return reason;
  return new TransportError('ABORTED', `Cancelled while ${what}`, { cause: reason });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Resolves when `stream` emits `event`, rejects on 'error' / early 'close'. */
export function once(stream: Duplex, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = () => {
      done();
      resolve();
    };
    const bad = (err: Error) => {
      done();
      reject(err);
    };
    const closed = () => {
      done();
      reject(new Error('connection closed'));
    };
    const done = () => {
      stream.off(event, ok);
      stream.off('error', bad);
      stream.off('close', closed);
    };
    stream.once(event, ok);
    stream.once('error', bad);
    stream.once('close', closed);
  });
}

/** Map a socket-level errno to a sentence a user understands. */
export function describeSocketError(
  err: NodeJS.ErrnoException,
  where: { kind: 'unix'; path: string } | { kind: 'inet'; host: string; port: number; service: string },
): TransportError {
  const code = err.code ?? '';
  if (where.kind === 'unix') {
    switch (code) {
      case 'ENOENT':
        return new TransportError('NO_DAEMON', `libvirtd is not running on this host (no socket at ${where.path})`, { cause: err });
      case 'ECONNREFUSED':
        return new TransportError('NO_DAEMON', `libvirtd is not running on this host (connection refused on ${where.path}; stale socket?)`, { cause: err });
      case 'EACCES':
      case 'EPERM':
        return new TransportError('PERMISSION', `Permission denied opening ${where.path} (is your user in the 'libvirt' group?)`, { cause: err });
      case 'ENOTSOCK':
        return new TransportError('NO_DAEMON', `${where.path} is not a socket`, { cause: err });
      default:
        return new TransportError('IO', `Cannot connect to ${where.path}: ${err.message}`, { cause: err });
    }
  }
  const target = `${where.host.includes(':') ? `[${where.host}]` : where.host}:${where.port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError('NO_DAEMON', `Connection refused by ${target} (is ${where.service} listening on port ${where.port}?)`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('UNREACHABLE', `Unknown host '${where.host}' (name lookup failed)`, { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('UNREACHABLE', `Host ${where.host} is unreachable`, { cause: err });
    case 'ETIMEDOUT':
      return new TransportError('TIMEOUT', `Connection to ${target} timed out`, { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('IO', `Connection to ${target} was reset by the server`, { cause: err });
    default:
      return new TransportError('IO', `Cannot connect to ${target}: ${err.message}`, { cause: err });
  }
}
