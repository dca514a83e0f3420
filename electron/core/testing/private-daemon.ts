// A private libvirtd for tests that must restart or kill "the daemon" without disturbing the
// system one: its own socket dir and pid file, no hypervisor driver modules (LIBVIRT_DRIVER_DIR
// empty), so it serves only the built-in test driver (test:///default) on a unix socket.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PrivateDaemon {
  /** e.g. test+unix:///default?socket=/tmp/…/libvirt-sock */
  uri: string;
  socket: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  dispose(): Promise<void>;
}

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function accepts(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

export async function startPrivateDaemon(): Promise<PrivateDaemon> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-daemon-'));
  const sockDir = path.join(dir, 'sock');
  const drivers = path.join(dir, 'drivers');
  mkdirSync(sockDir);
  mkdirSync(drivers);
  const conf = path.join(dir, 'libvirtd.conf');
  writeFileSync(conf, `unix_sock_dir = "${sockDir}"\nlog_outputs = "3:file:${path.join(dir, 'libvirtd.log')}"\n`);
  const socket = path.join(sockDir, 'libvirt-sock');
  let child: ChildProcess | null = null;

  const start = async () => {
    rmSync(socket, { force: true });
    child = spawn('libvirtd', ['-f', conf, '-p', path.join(dir, 'libvirtd.pid')], {
      stdio: 'ignore',
      env: { ...process.env, LIBVIRT_DRIVER_DIR: drivers },
    });
    const c = child;
    await waitFor(() => existsSync(socket) || c.exitCode !== null, 'the private libvirtd socket');
    if (c.exitCode !== null) throw new Error(`private libvirtd exited with ${c.exitCode}`);
    // The socket file appears at bind(), a moment before listen(): wait until it accepts.
    const end = Date.now() + 20_000;
    while (!(await accepts(socket))) {
      if (Date.now() > end || c.exitCode !== null) throw new Error('the private libvirtd never accepted connections');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const killed = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killed);
  };
  await start();
  return {
    uri: `test+unix:///default?socket=${socket}`,
    socket,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    signal: (sig) => child?.kill(sig),
    dispose: async () => {
      if (child) {
        child.kill('SIGCONT');
        await stop();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
