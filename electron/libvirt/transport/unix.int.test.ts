import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLibvirtUri } from '../uri';
import { dial } from './index';
import { missingBinaries } from './testing/fixtures';
import { Probe } from './testing/rpc-probe';
import { dialUnix, resolveUnixTarget } from './unix';

const SYSTEM_SOCK = '/run/libvirt/libvirt-sock';
const haveSystem = existsSync(SYSTEM_SOCK);
if (!haveSystem) console.warn(`\n!!!! SKIPPING unix transport tests against the system daemon: no socket at ${SYSTEM_SOCK} (start it with: virtlogd -d; libvirtd -d) !!!!\n`);

describe.skipIf(!haveSystem)('unix transport against the system libvirtd', () => {
  it.each(['qemu:///system', 'test:///default', 'test+unix:///default'])('%s: one real RPC round trip', async (uri) => {
    const r = await dial(uri, { timeoutMs: 10_000 });
    try {
      expect(r.secure).toBe(true);
      const res = await new Probe(r.stream).openAndGetUri(r.openName);
      expect(res.uri).toBe(parseLibvirtUri(uri).openName);
    } finally {
      r.stream.destroy();
    }
  });

  it('read-only socket', async () => {
    expect(resolveUnixTarget(parseLibvirtUri('qemu:///system?mode=legacy'), { readonly: true }).path).toBe('/run/libvirt/libvirt-sock-ro');
    const r = await dial('qemu:///system?mode=legacy', { readonly: true });
    try {
      expect((await new Probe(r.stream).openAndGetUri(r.openName)).uri).toBe('qemu:///system');
    } finally {
      r.stream.destroy();
    }
  });
});

describe('unix transport errors and session autostart', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0).reverse()) c();
  });

  it('missing socket -> "libvirtd is not running on this host (no socket at ...)"', async () => {
    await expect(dial('qemu:///system?socket=/nonexistent/dir/libvirt-sock')).rejects.toThrow(
      'libvirtd is not running on this host (no socket at /nonexistent/dir/libvirt-sock)',
    );
  });

  it('a file that is not a listening socket -> connection refused / not a socket message', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-unix-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'sock'), '');
    await expect(dial(`qemu:///system?socket=${dir}/sock`)).rejects.toMatchObject({ code: expect.stringMatching(/NO_DAEMON|IO/) });
  });

  const noNc = missingBinaries('session autostart test', ['nc']).length > 0;
  it.skipIf(noNc)('qemu:///session for an unprivileged user autostarts the session daemon (--timeout=120) and waits for its socket', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-session-'));
    const pidFile = path.join(dir, 'daemon.pid');
    const argsFile = path.join(dir, 'args');
    const fake = path.join(dir, 'fake-libvirtd');
    // Stand-in daemon: records its args, then (after a delay, like a real start-up) listens on the session socket.
    writeFileSync(
      fake,
      `#!/bin/sh\necho $$ > ${pidFile}\necho "$@" > ${argsFile}\nsleep 0.5\nexec nc -lkU "$XDG_RUNTIME_DIR/libvirt/libvirt-sock"\n`,
      { mode: 0o755 },
    );
    const saved = { xdg: process.env.XDG_RUNTIME_DIR, virtd: process.env.VIRTD_PATH };
    process.env.XDG_RUNTIME_DIR = dir;
    process.env.VIRTD_PATH = fake;
    cleanups.push(() => {
      if (saved.xdg === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved.xdg;
      if (saved.virtd === undefined) delete process.env.VIRTD_PATH;
      else process.env.VIRTD_PATH = saved.virtd;
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    });
    const r = await dialUnix(parseLibvirtUri('qemu:///session?mode=legacy'), { timeoutMs: 20_000 }, { euid: 1000 });
    r.stream.destroy();
    expect(r.openName).toBe('qemu:///session');
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('--timeout=120');
  });
});
