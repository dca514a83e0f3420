/**
 * Transports for the libvirt RPC client. Modelled on go-libvirt's `socket.New(dialer, ...)`: each
 * transport only knows how to produce a connected duplex byte stream; RPC framing sits on top and
 * never knows which one it got.
 *
 *   const { stream, openName } = await dial('qemu+ssh://root@host/system', { ssh: callbacks });
 *   // send REMOTE_PROC_CONNECT_OPEN(openName) over `stream`
 */
import type { Duplex } from 'node:stream';
import { isSshTransport, parseLibvirtUri, type LibvirtUri } from '../uri';
import { TransportError } from './errors';

export { TransportError, type TransportErrorCode } from './errors';

export interface DialResult {
  stream: Duplex;
  /** name to send in CONNECT_OPEN, e.g. 'test:///default', 'qemu:///system' */
  openName: string;
  /** true when the transport authenticates/encrypts (tls, ssh, unix) */
  secure: boolean;
}

export interface HostKeyInfo {
  host: string;
  port: number;
  /** e.g. 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa' */
  keyType: string;
  /** 'SHA256:<base64 without padding>' exactly like OpenSSH prints it */
  fingerprintSha256: string;
}

export interface KeyboardInteractivePrompt {
  prompt: string;
  echo: boolean;
}

export interface SshOptions {
  /** remote user; the URI's user@ wins, then this, then the local user name */
  username?: string;
  /** Unknown host key: return true to trust it (it is then appended to known_hosts). */
  onUnknownHostKey?: (info: HostKeyInfo) => boolean | Promise<boolean>;
  /** Password authentication; return undefined/null to give up. */
  askPassword?: (info: { host: string; port: number; username: string }) => string | undefined | null | Promise<string | undefined | null>;
  /** Passphrase for an encrypted private key file; undefined/null skips that key. */
  askPassphrase?: (info: { keyPath: string }) => string | undefined | null | Promise<string | undefined | null>;
  /** keyboard-interactive; return one answer per prompt (or undefined/null to give up). */
  keyboardInteractive?: (info: {
    host: string;
    port: number;
    username: string;
    name: string;
    instructions: string;
    prompts: KeyboardInteractivePrompt[];
  }) => string[] | undefined | null | Promise<string[] | undefined | null>;
  /** known_hosts file; default ~/.ssh/known_hosts (URI known_hosts= wins) */
  knownHostsPath?: string;
  /** ssh-agent socket path; default $SSH_AUTH_SOCK; false disables the agent */
  agent?: string | false;
  /** private key files to try; default keyfile= from the URI, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa */
  privateKeyPaths?: string[];
  /** extra debug output from ssh2 */
  debug?: (msg: string) => void;
}

export interface TlsOptions {
  /** PEM contents or file paths; default from libvirt's pki locations (or pkipath=) */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** directory overriding the default pki locations (same as pkipath= in the URI) */
  pkiPath?: string;
  /** host name to verify in the server certificate; default the URI host */
  servername?: string;
}

export interface TransportOptions {
  signal?: AbortSignal;
  /** whole-dial timeout (connect + handshakes + auth); default 30s, 0 = none */
  timeoutMs?: number;
  ssh?: SshOptions;
  tls?: TlsOptions;
  /** use the read-only socket (-sock-ro) for unix / ssh helpers */
  readonly?: boolean;
}

/** Parse `uri` and dial it with the matching transport. */
export async function dial(uri: string, options: TransportOptions = {}): Promise<DialResult> {
  let parsed: LibvirtUri;
  try {
    parsed = parseLibvirtUri(uri);
  } catch (err) {
    throw new TransportError('INVALID_URI', (err as Error).message, { cause: err });
  }
  return dialParsed(parsed, options);
}

export async function dialParsed(uri: LibvirtUri, options: TransportOptions = {}): Promise<DialResult> {
  const t = uri.transport;
  try {
    if (t === 'unix') return await (await import('./unix')).dialUnix(uri, options);
    if (t === 'tcp') return await (await import('./tcp')).dialTcp(uri, options);
    if (t === 'tls') return await (await import('./tls')).dialTls(uri, options);
    if (isSshTransport(t)) return await (await import('./ssh')).dialSsh(uri, options);
  } catch (err) {
    if (err instanceof TransportError) throw err;
    if (err instanceof Error && err.name === 'LibvirtUriError') throw new TransportError('INVALID_URI', err.message, { cause: err });
    throw err;
  }
  throw new TransportError(
    'UNSUPPORTED',
    `The '${t}' transport (${uri.raw}) is not supported by Virtdeck; use ssh, tls, tcp or unix instead`,
  );
}
