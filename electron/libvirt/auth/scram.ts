/**
 * SCRAM-SHA-256 client (RFC 5802 with RFC 7677's hash), without channel binding: the GS2 header
 * is `n,,` (or `n,a=<authzid>,`), i.e. "client does not support channel binding". Over libvirt
 * the outer TLS / SSH / unix socket already protects the session; SCRAM proves the password
 * without sending it and proves the server knows it too (server signature, always verified).
 *
 *   const s = new ScramSha256Client({ username, password });
 *   send(s.clientFirst());                           // n,,n=user,r=<nonce>
 *   send(await s.clientFinal(serverFirst));           // c=biws,r=<nonce>,p=<proof>
 *   s.verifyServerFinal(serverFinal);                 // v=<signature>, throws ScramError if wrong
 *
 * No password (or anything derived from it) ever appears in an error message.
 */
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { saslprep } from './saslprep';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
/** RFC 7677 says the iteration count SHOULD be at least 4096; we accept what the server says up to this. */
export const SCRAM_MAX_ITERATIONS = 10_000_000;

export class ScramError extends Error {
  override readonly name = 'ScramError';
}

export interface ScramClientOptions {
  username: string;
  password: string;
  /** authorization identity (act as), normally absent */
  authzid?: string;
  /** client nonce; random (24 bytes, base64) unless given (tests) */
  nonce?: string;
}

type State = 'initial' | 'sent-first' | 'sent-final' | 'done' | 'failed';

/** Escape a SASLprep'd name for `n=` / `a=` (RFC 5802 5.1: '=' → '=3D', ',' → '=2C'). */
export function escapeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/**
 * Splits a SCRAM message into its attribute-value pairs, in order. Each must be `<letter>=<value>`
 * (value may be empty only where the grammar allows, checked by the caller).
 */
export function parseScramAttributes(msg: string, what: string): Array<[string, string]> {
  if (msg.length === 0) throw new ScramError(`the server sent an empty ${what}`);
  const out: Array<[string, string]> = [];
  for (const part of msg.split(',')) {
    if (!/^[A-Za-z]=/.test(part)) throw new ScramError(`malformed ${what}: attribute '${printable(part.slice(0, 20))}' is not of the form x=value`);
    out.push([part[0]!, part.slice(2)]);
  }
  return out;
}

export interface ServerFirst {
  nonce: string;
  salt: Buffer;
  iterations: number;
}

/** Parses and validates `r=<nonce>,s=<salt>,i=<iterations>[,ext...]` against our client nonce. */
export function parseServerFirst(msg: string, clientNonce: string): ServerFirst {
  const attrs = parseScramAttributes(msg, 'server-first message');
  if (attrs[0]?.[0] === 'm') throw new ScramError('the server requires a SCRAM extension (m=) we do not support');
  const [r, s, i] = attrs;
  if (!r || r[0] !== 'r') throw new ScramError('malformed server-first message: it does not start with the nonce (r=)');
  if (!s || s[0] !== 's') throw new ScramError('malformed server-first message: no salt (s=) after the nonce');
  if (!i || i[0] !== 'i') throw new ScramError('malformed server-first message: no iteration count (i=) after the salt');
  const nonce = r[1];
  if (!nonce.startsWith(clientNonce))
    throw new ScramError('the server nonce does not start with our client nonce (possible replay or man-in-the-middle); refusing to continue');
  if (nonce.length === clientNonce.length) throw new ScramError('the server did not add its own part to the nonce; refusing to continue');
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(nonce)) throw new ScramError('the server nonce contains characters SCRAM does not allow');
  const salt = decodeBase64Strict(s[1], 'salt');
  if (salt.length === 0) throw new ScramError('the server sent an empty salt');
  if (!/^[1-9][0-9]{0,9}$/.test(i[1])) throw new ScramError(`the server sent an invalid iteration count '${printable(i[1].slice(0, 20))}'`);
  const iterations = Number(i[1]);
  if (iterations > SCRAM_MAX_ITERATIONS) throw new ScramError(`the server asks for ${iterations} PBKDF2 iterations (more than ${SCRAM_MAX_ITERATIONS}); refusing`);
  return { nonce, salt, iterations };
}

export class ScramSha256Client {
  readonly mechanism = SCRAM_SHA_256;
  private state: State = 'initial';
  private readonly clientNonce: string;
  private readonly gs2Header: string;
  private readonly clientFirstBare: string;
  private password: Buffer;
  private expectedServerSignature: Buffer | undefined;

  constructor(opts: ScramClientOptions) {
    const user = saslprep(opts.username, 'user name');
    if (user.length === 0) throw new ScramError('the user name is empty');
    this.password = Buffer.from(saslprep(opts.password, 'password'), 'utf8');
    this.clientNonce = opts.nonce ?? randomBytes(24).toString('base64');
    if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(this.clientNonce)) throw new ScramError('invalid client nonce');
    const authz = opts.authzid ? `a=${escapeSaslName(saslprep(opts.authzid, 'authorization identity'))}` : '';
    this.gs2Header = `n,${authz},`;
    this.clientFirstBare = `n=${escapeSaslName(user)},r=${this.clientNonce}`;
  }

  /** client-first-message: GS2 header + `n=<user>,r=<nonce>`. */
  clientFirst(): string {
    if (this.state !== 'initial') throw new ScramError('client-first message already produced');
    this.state = 'sent-first';
    return this.gs2Header + this.clientFirstBare;
  }

  /** Takes the server-first message, returns client-final-message (`c=…,r=…,p=<proof>`). */
  async clientFinal(serverFirst: string): Promise<string> {
    if (this.state !== 'sent-first') throw new ScramError(`unexpected server-first message (state ${this.state})`);
    this.state = 'failed';
    const sf = parseServerFirst(serverFirst, this.clientNonce);
    const salted = await pbkdf2Sha256(this.password, sf.salt, sf.iterations);
    this.password.fill(0);
    this.password = Buffer.alloc(0);
    const withoutProof = `c=${Buffer.from(this.gs2Header, 'utf8').toString('base64')},r=${sf.nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const clientSignature = hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let k = 0; k < proof.length; k++) proof[k] = clientKey[k]! ^ clientSignature[k]!;
    this.expectedServerSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    salted.fill(0);
    clientKey.fill(0);
    this.state = 'sent-final';
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Verifies server-final-message (`v=<signature>`); throws ScramError for `e=` or a wrong signature. */
  verifyServerFinal(serverFinal: string): void {
    if (this.state !== 'sent-final') throw new ScramError(`unexpected server-final message (state ${this.state})`);
    this.state = 'failed';
    const attrs = parseScramAttributes(serverFinal, 'server-final message');
    const [first] = attrs;
    if (first?.[0] === 'e') throw new ScramError(`the server reported a SCRAM error: ${printable(first[1].slice(0, 100))}`);
    if (first?.[0] !== 'v') throw new ScramError('malformed server-final message: no server signature (v=)');
    const got = decodeBase64Strict(first[1], 'server signature');
    const want = this.expectedServerSignature!;
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw new ScramError('the server signature is wrong: the daemon could not prove it knows the password (possible man-in-the-middle); refusing the connection');
    this.state = 'done';
  }

  get done(): boolean {
    return this.state === 'done';
  }

  /** Wipes key material (idempotent). */
  dispose(): void {
    this.password.fill(0);
    this.expectedServerSignature?.fill(0);
    if (this.state !== 'done') this.state = 'failed';
  }
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function pbkdf2Sha256(password: Buffer, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, 32, 'sha256', (err, key) => (err ? reject(err) : resolve(key))));
}

function decodeBase64Strict(s: string, what: string): Buffer {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new ScramError(`the server sent an invalid base64 ${what}`);
  return Buffer.from(s, 'base64');
}

/** For error messages: keep only printable ASCII of server-provided text. */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
