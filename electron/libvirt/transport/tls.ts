import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { DialResult, TlsOptions, TransportOptions } from './index';
import { defaultPort, type LibvirtUri } from '../uri';
import { withDeadline } from './common';
import { TransportError } from './errors';
import { connectTcp } from './tcp';

export const SYSTEM_CA = '/etc/pki/CA/cacert.pem';
export const SYSTEM_CRL = '/etc/pki/CA/cacrl.pem';
export const SYSTEM_CLIENT_CERT = '/etc/pki/libvirt/clientcert.pem';
export const SYSTEM_CLIENT_KEY = '/etc/pki/libvirt/private/clientkey.pem';

export interface PkiFiles {
  ca: string;
  crl?: string;
  cert: string;
  key: string;
}

/**
 * libvirt's virNetTLSContextLocateCredentials for a client: pkipath= wins (cacert.pem, cacrl.pem,
 * clientcert.pem, clientkey.pem in it); non-root users first try ~/.pki/libvirt per file (the CA
 * there is ~/.pki/libvirt/cacert.pem); anything not found falls back to the system locations.
 */
export function locatePki(opts: { pkiPath?: string; euid?: number; home?: string; exists?: (p: string) => boolean } = {}): PkiFiles {
  const exists = opts.exists ?? existsSync;
  if (opts.pkiPath) {
    const p = opts.pkiPath;
    const files: PkiFiles = {
      ca: path.join(p, 'cacert.pem'),
      cert: path.join(p, 'clientcert.pem'),
      key: path.join(p, 'clientkey.pem'),
    };
    const crl = path.join(p, 'cacrl.pem');
    if (exists(crl)) files.crl = crl;
    return files;
  }
  const euid = opts.euid ?? (typeof process.geteuid === 'function' ? process.geteuid() : 0);
  let ca: string | undefined;
  let crl: string | undefined;
  let cert: string | undefined;
  let key: string | undefined;
  if (euid !== 0) {
    const user = path.join(opts.home ?? os.homedir(), '.pki', 'libvirt');
    const tryFile = (f: string) => (exists(path.join(user, f)) ? path.join(user, f) : undefined);
    ca = tryFile('cacert.pem');
    crl = tryFile('cacrl.pem');
    cert = tryFile('clientcert.pem');
    key = tryFile('clientkey.pem');
  }
  const files: PkiFiles = {
    ca: ca ?? SYSTEM_CA,
    cert: cert && key ? cert : SYSTEM_CLIENT_CERT,
    key: cert && key ? key : SYSTEM_CLIENT_KEY,
  };
  if (crl) files.crl = crl;
  else if (exists(SYSTEM_CRL)) files.crl = SYSTEM_CRL;
  return files;
}

/** A TlsOptions value is PEM text (contains '-----BEGIN') or a Buffer, else a file path. */
function material(v: string | Buffer | undefined, label: string, fallbackPath: string | undefined, required: boolean): { data?: Buffer | string; from: string } {
  if (Buffer.isBuffer(v)) return { data: v, from: `${label} (given)` };
  if (typeof v === 'string' && v.includes('-----BEGIN')) return { data: v, from: `${label} (given)` };
  const file = typeof v === 'string' ? v : fallbackPath;
  if (!file) return { from: label };
  try {
    return { data: readFileSync(file), from: file };
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return { from: file };
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file does not exist' : (err as Error).message;
    throw new TransportError('TLS', `Cannot read ${label} ${file}: ${why}`, { cause: err });
  }
}

function tlsErrorMessage(err: NodeJS.ErrnoException & { reason?: string }, target: string, caFrom: string): TransportError {
  const code = err.code ?? '';
  const mk = (m: string, c: 'TLS' | 'TLS_REJECTED' = 'TLS') => new TransportError(c, m, { cause: err });
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
    case 'CERT_UNTRUSTED':
      return mk(`The TLS certificate of ${target} is not signed by a trusted CA (${caFrom}); refusing to connect. Install the server's CA certificate or, if you accept the risk, add no_verify=1 to the URI`);
    case 'CERT_HAS_EXPIRED':
      return mk(`The TLS certificate of ${target} has expired`);
    case 'CERT_NOT_YET_VALID':
      return mk(`The TLS certificate of ${target} is not valid yet (check the clocks)`);
    case 'CERT_REVOKED':
      return mk(`The TLS certificate of ${target} has been revoked`);
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return mk(`The TLS certificate of ${target} does not match the host name: ${err.reason ?? err.message}`);
  }
  if (/ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|ACCESS_DENIED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|DECRYPT_ERROR)/.test(code))
    return mk(`The server ${target} rejected our client certificate (${code.replace(/^ERR_SSL_/, '')}); make sure it is signed by a CA the server trusts`, 'TLS_REJECTED');
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return mk(`The server ${target} closed the connection during the TLS handshake (is it a libvirt TLS port? did it reject our certificate?)`);
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))
    return mk(`TLS handshake with ${target} failed: ${err.message}`);
  return mk(`TLS connection to ${target} failed: ${err.message}`);
}

const REJECTED_MSG = (target: string) =>
  `The server ${target} rejected our client certificate: it closed the connection after the TLS handshake instead of confirming the session. ` +
  `Make sure the client certificate is signed by a CA the server trusts and allowed by its tls_allowed_dn_list`;

/**
 * After the TLS handshake libvirtd checks our certificate and then sends exactly one byte, 0x01.
 * Anything else (EOF, other data) means it rejected us. The byte is consumed here.
 */
function readConfirmation(sock: tls.TLSSocket, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      sock.off('readable', onReadable);
      sock.off('end', onEnd);
      sock.off('close', onEnd);
      sock.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReadable = () => {
      const b = sock.read(1) as Buffer | null;
      if (b === null) return;
      if (b.length === 1 && b[0] === 0x01) done();
      else done(new TransportError('TLS_REJECTED', `${REJECTED_MSG(target)} (got byte 0x${b[0]!.toString(16).padStart(2, '0')} instead of 0x01)`));
    };
    const onEnd = () => done(new TransportError('TLS_REJECTED', REJECTED_MSG(target)));
    const onError = (err: NodeJS.ErrnoException) => {
      const mapped = tlsErrorMessage(err, target, '');
      done(mapped.code === 'TLS_REJECTED' || err.code === 'ECONNRESET' ? new TransportError('TLS_REJECTED', `${REJECTED_MSG(target)} (${err.code ?? err.message})`, { cause: err }) : mapped);
    };
    sock.on('readable', onReadable);
    sock.once('end', onEnd);
    sock.once('close', onEnd);
    sock.once('error', onError);
    onReadable();
  });
}

export async function dialTls(uri: LibvirtUri, options: TransportOptions = {}): Promise<DialResult> {
  const host = uri.host ?? 'localhost';
  const port = uri.port ?? defaultPort('tls')!;
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const to: TlsOptions = options.tls ?? {};
  const noVerify = uri.client.noVerify;
  const pki = locatePki({ pkiPath: uri.client.pkipath ?? to.pkiPath });
  const ca = material(to.ca, 'CA certificate', pki.ca, !noVerify);
  const cert = material(to.cert, 'client certificate', pki.cert, false);
  const key = material(to.key, 'client key', pki.key, false);
  if ((cert.data === undefined) !== (key.data === undefined))
    throw new TransportError('TLS', `Client certificate and key must both be present (have ${cert.data ? cert.from : key.from}, missing ${cert.data ? key.from : cert.from})`);
  const crl = pki.crl ? material(undefined, 'CA revocation list', pki.crl, false) : undefined;
  const servername = to.servername ?? host;

  return withDeadline(`connecting to ${target} (tls)`, options, async ({ onCleanup, signal }) => {
    const raw: net.Socket = await connectTcp(host, port, 'libvirtd (listen_tls)', signal);
    onCleanup(() => raw.destroy());
    const connectOpts: tls.ConnectionOptions = {
      socket: raw,
      rejectUnauthorized: !noVerify,
      checkServerIdentity: (_h, c) => (noVerify ? undefined : tls.checkServerIdentity(servername, c)),
    };
    if (!net.isIP(servername)) connectOpts.servername = servername;
    if (ca.data !== undefined) connectOpts.ca = ca.data;
    if (cert.data !== undefined) connectOpts.cert = cert.data;
    if (key.data !== undefined) connectOpts.key = key.data;
    if (crl?.data !== undefined) connectOpts.crl = crl.data;
    const sock = await new Promise<tls.TLSSocket>((resolve, reject) => {
      let s: tls.TLSSocket;
      try {
        s = tls.connect(connectOpts);
      } catch (err) {
        reject(new TransportError('TLS', `Invalid TLS credentials: ${(err as Error).message}`, { cause: err }));
        return;
      }
      onCleanup(() => s.destroy());
      const onAbort = () => {
        s.destroy();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      s.once('secureConnect', () => {
        signal.removeEventListener('abort', onAbort);
        s.removeAllListeners('error');
        s.removeListener('close', onClose);
        resolve(s);
      });
      const onClose = () => reject(new TransportError('TLS', `The server ${target} closed the connection during the TLS handshake (is it a libvirt TLS port? did it reject our certificate?)`));
      s.once('close', onClose);
      s.once('error', (err: NodeJS.ErrnoException) => {
        signal.removeEventListener('abort', onAbort);
        reject(tlsErrorMessage(err, target, ca.from));
      });
    });
    await readConfirmation(sock, target);
    // Let the stream settle out of 'readable' mode so a consumer's on('data') makes it flow.
    await new Promise<void>((r) => setImmediate(r));
    return { stream: sock, openName: uri.openName, secure: true };
  });
}
