import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DialResult, TransportOptions } from './index';
import { chooseUnixSocket, type LibvirtUri } from '../uri';
import { describeSocketError, withDeadline } from './common';
import { TransportError } from './errors';

/** Drivers that have a modular daemon (virt<driver>d) in libvirt. */
const MODULAR_DRIVERS = new Set([
  'qemu', 'lxc', 'xen', 'libxl', 'vbox', 'ch', 'bhyve', 'vz', 'network', 'nodedev', 'nwfilter',
  'secret', 'storage', 'interface',
]);

const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin', '/usr/local/bin'];

/** How long to wait for an autostarted session daemon's socket. */
const AUTOSTART_WAIT_MS = 15_000;

export function userRuntimeDir(): string {
  const xdg = process.env.XDG_RUNTIME_DIR;
  // libvirt's virGetUserRuntimeDirectory falls back to ~/.cache when XDG_RUNTIME_DIR is unset.
  return xdg && xdg !== '' ? xdg : path.join(os.homedir(), '.cache');
}

function findDaemon(name: string): string | undefined {
  const envPath = process.env.VIRTD_PATH ?? process.env.LIBVIRTD_PATH;
  if (envPath && existsSync(envPath)) return envPath;
  for (const dir of SBIN_DIRS) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface UnixTarget {
  path: string;
  /** set when the socket belongs to a session daemon we may autostart */
  autostartDaemon?: string;
}

/** Resolve the local socket for a unix-transport URI. */
export function resolveUnixTarget(uri: LibvirtUri, opts: { readonly?: boolean; euid?: number } = {}): UnixTarget {
  if (uri.client.socket) return { path: uri.client.socket };
  const driver = uri.driver.toLowerCase();
  const directAvailable = MODULAR_DRIVERS.has(driver) && findDaemon(`virt${driver}d`) !== undefined;
  const choice = chooseUnixSocket(uri, {
    ...(opts.euid !== undefined ? { euid: opts.euid } : {}),
    runtimeDir: userRuntimeDir(),
    exists: (p) => existsSync(p),
    autostartEnv: process.env.LIBVIRT_AUTOSTART,
    runDir: '/run',
    defaultMode: directAvailable ? 'direct' : 'legacy',
    readonly: opts.readonly ?? false,
  });
  const target: UnixTarget = { path: choice.path };
  if (choice.autostartDaemon) target.autostartDaemon = choice.autostartDaemon;
  return target;
}

function connectOnce(socketPath: string, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ path: socketPath });
    const onAbort = () => {
      sock.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      sock.destroy();
      reject(err);
    });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Spawn a session daemon the way libvirt does: `<daemon> --timeout=120`, detached. */
function spawnSessionDaemon(daemonName: string): void {
  const bin = findDaemon(daemonName);
  if (!bin)
    throw new TransportError('NO_DAEMON', `Cannot start the session daemon: '${daemonName}' is not installed`);
  mkdirSync(path.join(userRuntimeDir(), 'libvirt'), { recursive: true, mode: 0o700 });
  const child = spawn(bin, ['--timeout=120'], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

/** `testing.euid` pretends to run as that uid (tests exercise the session logic as root). */
export async function dialUnix(uri: LibvirtUri, options: TransportOptions = {}, testing: { euid?: number } = {}): Promise<DialResult> {
  const target = resolveUnixTarget(uri, { readonly: options.readonly ?? false, ...testing });
  return withDeadline(`connecting to ${target.path}`, options, async ({ onCleanup, signal }) => {
    let sock: net.Socket;
    try {
      sock = await connectOnce(target.path, signal);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const autostartable = target.autostartDaemon && (e.code === 'ENOENT' || e.code === 'ECONNREFUSED');
      if (!autostartable) throw signal.aborted ? signal.reason : describeSocketError(e, { kind: 'unix', path: target.path });
      spawnSessionDaemon(target.autostartDaemon!);
      const deadline = Date.now() + AUTOSTART_WAIT_MS;
      for (;;) {
        await sleep(100, signal);
        try {
          sock = await connectOnce(target.path, signal);
          break;
        } catch (err2) {
          const e2 = err2 as NodeJS.ErrnoException;
          if (signal.aborted) throw signal.reason;
          if ((e2.code !== 'ENOENT' && e2.code !== 'ECONNREFUSED') || Date.now() > deadline)
            throw new TransportError(
              'NO_DAEMON',
              `Started ${target.autostartDaemon} for the session but its socket ${target.path} did not appear within ${AUTOSTART_WAIT_MS / 1000}s`,
              { cause: e2 },
            );
        }
      }
    }
    onCleanup(() => sock.destroy());
    return { stream: sock, openName: uri.openName, secure: true };
  });
}
