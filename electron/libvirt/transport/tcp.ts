import net from 'node:net';
import type { DialResult, TransportOptions } from './index';
import { defaultPort, type LibvirtUri } from '../uri';
import { describeSocketError, withDeadline } from './common';

/** Open a plain TCP socket (used by tcp and, underneath, tls). */
export function connectTcp(host: string, port: number, service: string, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ host, port });
    const onAbort = () => {
      sock.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      sock.removeAllListeners('error');
      sock.setNoDelay(true);
      sock.setKeepAlive(true, 30_000);
      resolve(sock);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      sock.destroy();
      reject(describeSocketError(err, { kind: 'inet', host, port, service }));
    });
  });
}

/**
 * Unencrypted TCP (libvirtd `listen_tcp=1`, port 16509). Not secure: the daemon normally demands
 * SASL on it (the client layer handles AUTH_LIST); `secure` is false.
 */
export async function dialTcp(uri: LibvirtUri, options: TransportOptions = {}): Promise<DialResult> {
  const host = uri.host ?? 'localhost';
  const port = uri.port ?? defaultPort('tcp')!;
  return withDeadline(`connecting to ${host}:${port} (tcp)`, options, async ({ onCleanup, signal }) => {
    const sock = await connectTcp(host, port, 'libvirtd (listen_tcp)', signal);
    onCleanup(() => sock.destroy());
    return { stream: sock, openName: uri.openName, secure: false };
  });
}
