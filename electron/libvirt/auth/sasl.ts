/**
 * SASL authentication for the libvirt RPC client (REMOTE_AUTH_SASL), speaking the remote
 * driver's exchange (remoteAuthSASL in libvirt's remote_driver.c):
 *
 *   AUTH_SASL_INIT                      → mechlist "SCRAM-SHA-256,PLAIN,…"
 *   AUTH_SASL_START(mech, initial resp) → { complete, nil, data }
 *   AUTH_SASL_STEP(resp)…               → { complete, nil, data }   until both sides are done
 *
 * `nil` distinguishes "no data" (NULL) from "empty data" (""), which matters to SASL. Data
 * travels as XDR `char<65536>`, one int per byte.
 *
 * Mechanisms: SCRAM-SHA-256 (preferred) and PLAIN, only over a secure transport (TLS, SSH, unix
 * socket). libvirt asks for an SSF ≥ 56 security layer on plain TCP (GSSAPI or DIGEST-MD5
 * confidentiality), which we do not implement, so SASL over tcp:// is refused with a clear error.
 * The password only ever lives in the callback's answer, the mechanism's buffers (wiped after use)
 * and the wire; it is never logged nor put in an error message.
 */
import { LibvirtAbortError, LibvirtError, localError } from '../errors';
import type { LibvirtClient, CallOptions } from '../client';
import { REMOTE_AUTH_SASL_DATA_MAX } from '../protocol/generated/remote';
import { virErrorNumber } from '../protocol/generated/virterror';
import { PLAIN, PlainError, plainMessage } from './plain';
import { SCRAM_SHA_256, ScramError, ScramSha256Client } from './scram';
import { SaslPrepError } from './saslprep';

/** Mechanisms Virtdeck implements, in order of preference. */
export const SUPPORTED_SASL_MECHANISMS = [SCRAM_SHA_256, PLAIN] as const;
export type SaslMechanismName = (typeof SUPPORTED_SASL_MECHANISMS)[number];

export interface SaslCredentialsRequest {
  /** the mechanism chosen from the daemon's list */
  mechanism: SaslMechanismName;
  /** daemon host from the URI (undefined for unix sockets) */
  host?: string;
  /** suggested user name: SaslOptions.username, else the URI's user@ */
  username?: string;
  /** 1 for the first prompt, 2+ after the daemon rejected the previous answer */
  attempt: number;
  /** why the previous attempt failed (set when attempt > 1) */
  previousError?: string;
}

export interface SaslCredentials {
  username: string;
  password: string;
  /** authorization identity ("act as"); normally absent */
  authzid?: string;
}

/** `ConnectOptions.sasl` / `OpenOptions.sasl`. */
export interface SaslOptions {
  /** default user name offered to askCredentials (the URI's user@ is used when this is absent) */
  username?: string;
  /**
   * Asked once per attempt for the SASL user name and password. Return null (or undefined) to
   * cancel: the connection fails with VIR_ERR_AUTH_CANCELLED. Time spent here does not count
   * against the open timeout.
   */
  askCredentials(info: SaslCredentialsRequest): Promise<SaslCredentials | null | undefined> | SaslCredentials | null | undefined;
  /** how many times to ask when the daemon rejects the credentials; default 3 */
  maxAttempts?: number;
  /** restrict/reorder the mechanisms we may use; default ['SCRAM-SHA-256', 'PLAIN'] */
  mechanisms?: SaslMechanismName[];
}

export interface SaslContext {
  /** DialResult.secure: TLS, SSH or unix socket */
  secure: boolean;
  host?: string;
  /** user name from the URI */
  uriUser?: string;
  options?: SaslOptions;
  signal?: AbortSignal;
  /** per-RPC call options honouring the open deadline */
  step(procedure: string): CallOptions;
  /** runs a user prompt without counting its duration against the open deadline */
  pauseClock?<T>(p: Promise<T>): Promise<T>;
}

/** Mechanism names libvirt might offer that we know about but do not implement, with the reason. */
const UNSUPPORTED_HINTS: Record<string, string> = {
  GSSAPI: 'GSSAPI (Kerberos) is not supported',
  'GS2-KRB5': 'GS2-KRB5 (Kerberos) is not supported',
  'DIGEST-MD5': 'DIGEST-MD5 is obsolete (RFC 6331) and not supported',
  'CRAM-MD5': 'CRAM-MD5 is not supported',
  'SCRAM-SHA-1': 'SCRAM-SHA-1 is not supported (use SCRAM-SHA-256)',
  EXTERNAL: 'EXTERNAL is not supported',
  ANONYMOUS: 'ANONYMOUS is not supported',
};

/** Parses AUTH_SASL_INIT's mechlist (libvirt joins with ','; be lenient about spaces). */
export function parseMechList(mechlist: string): string[] {
  return mechlist
    .split(/[\s,]+/)
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m.length > 0);
}

/**
 * Picks our mechanism from the daemon's offer, or throws LibvirtError(VIR_ERR_AUTH_UNAVAILABLE)
 * explaining why none fits (insecure transport, nothing in common).
 */
export function chooseMechanism(offered: string[], secure: boolean, allowed: readonly SaslMechanismName[] = SUPPORTED_SASL_MECHANISMS, host?: string): SaslMechanismName {
  const where = host ? ` on ${host}` : '';
  const offer = offered.length > 0 ? offered.join(', ') : 'nothing';
  if (!secure) {
    const plainNote = offered.includes(PLAIN) ? ' Refusing PLAIN: it would send the password unencrypted over plain TCP.' : '';
    throw localError(
      'VIR_ERR_AUTH_UNAVAILABLE',
      `SASL authentication over plain TCP needs a SASL security layer (SSF ≥ 56, e.g. GSSAPI/Kerberos or DIGEST-MD5), which Virtdeck does not implement (the daemon${where} offers ${offer}).${plainNote} Connect with qemu+tls:// or qemu+ssh:// instead.`,
    );
  }
  for (const m of allowed) if (offered.includes(m)) return m;
  const hints = offered.map((m) => UNSUPPORTED_HINTS[m]).filter((h): h is string => !!h);
  throw localError(
    'VIR_ERR_AUTH_UNAVAILABLE',
    `No usable SASL mechanism: the daemon${where} offers ${offer}; Virtdeck supports ${allowed.join(' and ')}` +
      (hints.length > 0 ? ` (${hints.join('; ')})` : '') +
      `. Add scram-sha-256 to mech_list in the daemon's /etc/sasl2/libvirt.conf, or connect with qemu+ssh://.`,
  );
}

/** Client side of one mechanism, in libvirt's start/step shape. */
interface SaslMechanism {
  /** initial response for AUTH_SASL_START, null = none (nil) */
  start(): Buffer | null;
  /** answer to the server's data; `done` once the client has verified success */
  step(server: Buffer | null): Promise<{ response: Buffer | null; done: boolean }>;
  dispose(): void;
}

class ScramMechanism implements SaslMechanism {
  private readonly s: ScramSha256Client;
  constructor(c: SaslCredentials) {
    this.s = new ScramSha256Client(c);
  }
  start(): Buffer {
    return Buffer.from(this.s.clientFirst(), 'utf8');
  }
  async step(server: Buffer | null): Promise<{ response: Buffer | null; done: boolean }> {
    if (this.s.done) throw new ScramError('the daemon asked for another step after SCRAM had finished');
    if (server === null || server.length === 0) throw new ScramError('the daemon sent no SCRAM data where a challenge or its signature was expected');
    const text = server.toString('utf8');
    if (this.sentFinal) {
      this.s.verifyServerFinal(text);
      // libvirt's daemon (SASL_SUCCESS_DATA) says complete together with v=; if not, send an empty response.
      return { response: Buffer.alloc(0), done: true };
    }
    const final = await this.s.clientFinal(text);
    this.sentFinal = true;
    return { response: Buffer.from(final, 'utf8'), done: false };
  }
  private sentFinal = false;
  dispose(): void {
    this.s.dispose();
  }
}

class PlainMechanism implements SaslMechanism {
  private msg: Buffer | undefined;
  constructor(c: SaslCredentials) {
    this.msg = plainMessage(c.username, c.password, c.authzid);
  }
  start(): Buffer {
    const m = this.msg!;
    this.msg = undefined;
    return m;
  }
  step(server: Buffer | null): Promise<{ response: Buffer | null; done: boolean }> {
    if (server !== null && server.length > 0) return Promise.reject(new PlainError('the daemon sent a challenge, which PLAIN does not have'));
    return Promise.resolve({ response: null, done: true });
  }
  dispose(): void {
    this.msg?.fill(0);
  }
}

/** XDR char<> ⇄ bytes. libvirt encodes (signed) chars as ints; accept either sign. */
export function toWire(buf: Buffer | null): { nil: number; data: number[] } {
  if (buf === null) return { nil: 1, data: [] };
  if (buf.length > REMOTE_AUTH_SASL_DATA_MAX) throw localError('VIR_ERR_AUTH_FAILED', `SASL negotiation data too long: ${buf.length} bytes`);
  return { nil: 0, data: Array.from(buf, (b) => (b << 24) >> 24) };
}

export function fromWire(r: { nil: number; data: number[] }): Buffer | null {
  return r.nil ? null : Buffer.from(r.data.map((b) => b & 0xff));
}

/** The daemon rejected the credentials (vs. a protocol/transport problem). */
class CredentialsRejected extends Error {}

/**
 * Runs SASL over `client` (after AUTH_LIST said REMOTE_AUTH_SASL). Resolves once the daemon and
 * we agree authentication is complete; otherwise throws a LibvirtError (VIR_ERR_AUTH_FAILED,
 * VIR_ERR_AUTH_CANCELLED or VIR_ERR_AUTH_UNAVAILABLE) or the call's own error.
 */
export async function saslAuthenticate(client: LibvirtClient, ctx: SaslContext): Promise<void> {
  const opts = ctx.options;
  const maxAttempts = Math.max(1, opts?.maxAttempts ?? 3);
  const where = ctx.host ? ` on ${ctx.host}` : '';
  let previousError: string | undefined;

  for (let attempt = 1; ; attempt++) {
    let mechlist: string;
    try {
      ({ mechlist } = await client.call('AUTH_SASL_INIT', undefined, ctx.step('AUTH_SASL_INIT')));
    } catch (e) {
      if (e instanceof LibvirtError && e.code === virErrorNumber.VIR_ERR_AUTH_FAILED) {
        // The daemon's own text is just "authentication failed"; say what it almost always means.
        throw withCause(
          ctx.secure
            ? localError(
                'VIR_ERR_AUTH_FAILED',
                `The daemon${where} could not start SASL authentication (AUTH_SASL_INIT failed): its Cyrus SASL mech_list (/etc/sasl2/libvirt.conf) names no mechanism whose plugin is installed there (e.g. gssapi without libsasl2-modules-gssapi-mit). Virtdeck needs scram-sha-256 or plain in mech_list.`,
              )
            : // libvirt asks Cyrus for mechanisms with SSF >= 56 and no plaintext on TCP; with
              // mech_list scram-sha-256/plain nothing qualifies and AUTH_SASL_INIT itself fails.
              localError(
                'VIR_ERR_AUTH_UNAVAILABLE',
                `The daemon${where} refused to start SASL over plain TCP: libvirt requires a SASL security layer (SSF ≥ 56, e.g. GSSAPI/Kerberos) on unencrypted connections, which Virtdeck does not implement. Connect with qemu+tls:// or qemu+ssh:// instead.`,
              ),
          e,
        );
      }
      throw e;
    }
    const offered = parseMechList(mechlist);
    const mechanism = chooseMechanism(offered, ctx.secure, opts?.mechanisms ?? SUPPORTED_SASL_MECHANISMS, ctx.host);

    if (!opts?.askCredentials)
      throw localError(
        'VIR_ERR_AUTH_FAILED',
        `The daemon${where} requires SASL authentication (${mechanism}) but no credentials callback was given (options.sasl.askCredentials)`,
      );
    const info: SaslCredentialsRequest = { mechanism, attempt };
    if (ctx.host !== undefined) info.host = ctx.host;
    const suggested = opts.username ?? ctx.uriUser;
    if (suggested !== undefined) info.username = suggested;
    if (previousError !== undefined) info.previousError = previousError;
    const asked = Promise.resolve(opts.askCredentials(info));
    const creds = await withAbort(ctx.pauseClock ? ctx.pauseClock(asked) : asked, ctx.signal);
    if (!creds) throw localError('VIR_ERR_AUTH_CANCELLED', `SASL authentication${where} cancelled: no credentials were given`);
    if (typeof creds.username !== 'string' || creds.username.length === 0 || typeof creds.password !== 'string')
      throw localError('VIR_ERR_AUTH_FAILED', 'SASL credentials need a non-empty user name and a password');

    try {
      await exchange(client, ctx, mechanism, creds);
      return;
    } catch (e) {
      if (!(e instanceof CredentialsRejected)) throw e;
      const cause = (e as Error & { cause?: LibvirtError }).cause;
      const msg =
        `SASL ${mechanism} authentication as '${creds.username}'${where} failed: the daemon rejected the credentials ` +
        `(wrong user name or password, unknown user, or a user not in sasl_allowed_username_list)`;
      if (attempt >= maxAttempts) throw withCause(localError('VIR_ERR_AUTH_FAILED', msg), cause);
      previousError = msg;
    }
  }
}

async function exchange(client: LibvirtClient, ctx: SaslContext, mechanism: SaslMechanismName, creds: SaslCredentials): Promise<void> {
  const where = ctx.host ? ` on ${ctx.host}` : '';
  const fail = (why: string, cause?: unknown) =>
    withCause(localError('VIR_ERR_AUTH_FAILED', `SASL ${mechanism} authentication${where} failed: ${why}`), cause);
  const daemonCall = async <R>(p: Promise<R>): Promise<R> => {
    try {
      return await p;
    } catch (e) {
      // The daemon answers every rejection with VIR_ERR_AUTH_FAILED "authentication failed".
      if (e instanceof LibvirtError && e.code === virErrorNumber.VIR_ERR_AUTH_FAILED) throw withCause(new CredentialsRejected(), e);
      throw e;
    }
  };

  let mech: SaslMechanism;
  try {
    mech = mechanism === SCRAM_SHA_256 ? new ScramMechanism(creds) : new PlainMechanism(creds);
  } catch (e) {
    throw localOrRethrow(e, fail);
  }
  try {
    const initial = mech.start();
    const startArgs = { mech: mechanism, ...toWire(initial) };
    initial?.fill(0);
    let ret = await daemonCall(client.call('AUTH_SASL_START', startArgs, ctx.step('AUTH_SASL_START')));
    startArgs.data.fill(0);
    // Like libvirt: the client always steps at least once after START, so a daemon claiming
    // success must still prove itself (SCRAM server signature).
    for (let round = 0; ; round++) {
      if (round > 10) throw fail('the daemon kept asking for more SASL steps');
      const serverData = fromWire(ret);
      let out: { response: Buffer | null; done: boolean };
      try {
        out = await mech.step(serverData);
      } catch (e) {
        throw localOrRethrow(e, fail);
      }
      if (ret.complete && out.done) return;
      if (ret.complete) throw fail('the daemon reported success before the mechanism finished (it did not prove it knows the password); refusing');
      const stepArgs = toWire(out.response);
      out.response?.fill(0);
      ret = await daemonCall(client.call('AUTH_SASL_STEP', stepArgs, ctx.step('AUTH_SASL_STEP')));
      stepArgs.data.fill(0);
      if (ret.complete && out.done) return;
    }
  } finally {
    mech.dispose();
  }
}

function localOrRethrow(e: unknown, fail: (why: string, cause?: unknown) => LibvirtError): unknown {
  if (e instanceof ScramError || e instanceof PlainError || e instanceof SaslPrepError) return fail(e.message, e);
  return e;
}

function withCause<E extends Error>(err: E, cause: unknown): E {
  if (cause !== undefined) Object.defineProperty(err, 'cause', { value: cause, configurable: true, writable: true, enumerable: false });
  return err;
}

function withAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new LibvirtAbortError('AUTH_SASL (credentials prompt)', { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LibvirtAbortError('AUTH_SASL (credentials prompt)', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
