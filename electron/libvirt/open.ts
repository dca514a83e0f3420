import type { Duplex } from 'node:stream';
import { LibvirtClient, type ClientOptions } from './client';
import { LibvirtError, LibvirtTimeoutError, localError } from './errors';
import { KEEPALIVE_DEFAULTS, type KeepaliveOptions } from './keepalive';
import { remote_auth_type } from './protocol/generated/remote';
import { saslAuthenticate, type SaslOptions } from './auth/sasl';
import { virErrorNumber } from './protocol/generated/virterror';

/** VIR_DRV_FEATURE_PROGRAM_KEEPALIVE from libvirt's src/libvirt_internal.h. */
const VIR_DRV_FEATURE_PROGRAM_KEEPALIVE = 10;
/** VIR_CONNECT_RO from libvirt-host.h. */
const VIR_CONNECT_RO = 1;
export const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

export interface OpenOptions extends ClientOptions {
  /** Whole handshake (auth + CONNECT_OPEN) must finish within this; default 10 s. */
  openTimeoutMs?: number;
  /** Keepalive settings, or false to never send PINGs (PINGs from the daemon are still answered). */
  keepalive?: KeepaliveOptions | false;
  /** Open read-only (VIR_CONNECT_RO). */
  readOnly?: boolean;
  signal?: AbortSignal;
  /** SASL credentials callback, needed when the daemon demands auth_*="sasl" (see auth/sasl.ts). */
  sasl?: SaslOptions;
}

/** What the transport tells the auth step about the connection (from dial()). */
export interface OpenPeer {
  /** DialResult.secure (TLS, SSH, unix socket); SASL PLAIN is only used when true. Default false. */
  secure: boolean;
  /** daemon host, for prompts and messages */
  host?: string;
  /** user name from the URI (default SASL user name) */
  user?: string;
}

const AUTH_NAMES: Record<number, string> = {
  [remote_auth_type.REMOTE_AUTH_NONE]: 'none',
  [remote_auth_type.REMOTE_AUTH_SASL]: 'sasl',
  [remote_auth_type.REMOTE_AUTH_POLKIT]: 'polkit',
};

/**
 * The remote driver's open sequence (doRemoteOpen in remote_driver.c) over an already connected
 * stream: AUTH_LIST and the chosen auth step, CONNECT_SUPPORTS_FEATURE(keepalive), CONNECT_OPEN.
 * On any failure the connection is destroyed and the error rethrown.
 */
export async function openClient(stream: Duplex, openName: string, options: OpenOptions = {}, peer: OpenPeer = { secure: false }): Promise<LibvirtClient> {
  const client = new LibvirtClient(stream, options);
  const timeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
  let deadline = Date.now() + timeoutMs;
  // Time spent waiting for the user (credential prompts) does not count against the deadline.
  const pauseClock = async <T>(p: Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await p;
    } finally {
      deadline += Date.now() - t0;
    }
  };
  const step = (name: string) => {
    const left = deadline - Date.now();
    if (timeoutMs > 0 && left <= 0) throw openTimeout(name, timeoutMs);
    return { timeoutMs: timeoutMs > 0 ? left : 0, signal: options.signal };
  };
  const retime = (e: unknown, name: string) =>
    e instanceof LibvirtTimeoutError ? openTimeout(name, timeoutMs) : e;

  try {
    try {
      const { types } = await client.call('AUTH_LIST', undefined, step('AUTH_LIST')).catch((e: unknown) => {
        // Very old daemons lack AUTH_LIST: like libvirt, treat that as "no auth needed".
        if (e instanceof LibvirtError && e.code === virErrorNumber.VIR_ERR_NO_SUPPORT) return { types: [] as number[] };
        throw e;
      });
      await authenticate(client, types, step, () =>
        saslAuthenticate(client, { secure: peer.secure, host: peer.host, uriUser: peer.user, options: options.sasl, signal: options.signal, step, pauseClock }),
      );
    } catch (e) {
      // Name the auth step that timed out (AUTH_POLKIT, AUTH_SASL_STEP, ...).
      throw retime(e, e instanceof LibvirtTimeoutError && e.procedure.startsWith('AUTH_') ? e.procedure : 'AUTH_LIST');
    }

    let keepaliveSupported = false;
    try {
      const { supported } = await client.call(
        'CONNECT_SUPPORTS_FEATURE',
        { feature: VIR_DRV_FEATURE_PROGRAM_KEEPALIVE },
        step('CONNECT_SUPPORTS_FEATURE'),
      );
      keepaliveSupported = supported !== 0;
    } catch (e) {
      throw retime(e, 'CONNECT_SUPPORTS_FEATURE');
    }

    try {
      await client.call('CONNECT_OPEN', { name: openName, flags: options.readOnly ? VIR_CONNECT_RO : 0 }, step('CONNECT_OPEN'));
    } catch (e) {
      throw retime(e, 'CONNECT_OPEN');
    }

    if (keepaliveSupported && options.keepalive !== false) client.startKeepalive(options.keepalive ?? KEEPALIVE_DEFAULTS);
    return client;
  } catch (e) {
    client.destroy(`open failed: ${(e as Error).message}`, e);
    throw e;
  }
}

async function authenticate(
  client: LibvirtClient,
  types: number[],
  step: (name: string) => { timeoutMs: number; signal: AbortSignal | undefined },
  sasl: () => Promise<void>,
): Promise<void> {
  // Like libvirt without an explicit auth= choice: the daemon's first offer wins.
  const type = types[0] ?? remote_auth_type.REMOTE_AUTH_NONE;
  switch (type) {
    case remote_auth_type.REMOTE_AUTH_NONE:
      return;
    case remote_auth_type.REMOTE_AUTH_POLKIT: {
      const { complete } = await client.call('AUTH_POLKIT', undefined, step('AUTH_POLKIT'));
      if (complete === 0) throw localError('VIR_ERR_AUTH_FAILED', 'polkit authentication did not complete');
      return;
    }
    case remote_auth_type.REMOTE_AUTH_SASL:
      return sasl();
    default: {
      const name = AUTH_NAMES[type] ?? `type ${type}`;
      throw localError(
        'VIR_ERR_AUTH_UNAVAILABLE',
        `unsupported authentication mechanism: ${name.toUpperCase()} (the daemon offers ${types.map((t) => AUTH_NAMES[t] ?? t).join(', ')}); Virtdeck supports none, sasl and polkit`,
      );
    }
  }
}

function openTimeout(step: string, timeoutMs: number): LibvirtTimeoutError {
  return new LibvirtTimeoutError(
    step,
    timeoutMs,
    `the libvirt daemon did not answer ${step} within ${timeoutMs} ms while opening the connection (is it a libvirt daemon, and is it alive?)`,
  );
}
