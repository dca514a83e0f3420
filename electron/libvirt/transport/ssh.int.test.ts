import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dial, TransportError, type SshOptions } from './index';
import { appendKnownHost, fingerprintSha256, parseKnownHosts } from './knownhosts';
import { isRoot, missingBinaries, startAgent, startSshd, type SshdFixture } from './testing/fixtures';
import { Probe } from './testing/rpc-probe';

const SYSTEM_SOCK = '/run/libvirt/libvirt-sock';
const missing = missingBinaries('ssh transport integration tests', ['sshd', 'ssh-keygen', 'ssh-agent', 'ssh-add', 'virt-ssh-helper', 'nc', 'sh', 'which', 'grep']);
const skip = missing.length > 0 || !isRoot() || !readable(SYSTEM_SOCK);
if (!isRoot()) console.warn('\n!!!! SKIPPING ssh transport integration tests: they start a private sshd allowing root and need root !!!!\n');
else if (!readable(SYSTEM_SOCK)) console.warn(`\n!!!! SKIPPING ssh transport integration tests: no system libvirtd socket at ${SYSTEM_SOCK} !!!!\n`);

function readable(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function hostKeyBlob(pub: string): Buffer {
  return Buffer.from(pub.trim().split(/\s+/)[1]!, 'base64');
}

// Bash (root's shell) sources ~/.bashrc for sshd commands; give it bash/env so that stays quiet.
const COMMON = ['sh', 'which', 'grep', 'bash', 'env'];

describe.skipIf(skip)('ssh transport against a private sshd', () => {
  let modern: SshdFixture; // has virt-ssh-helper, no nc
  let old: SshdFixture; // has nc, no virt-ssh-helper
  let tmp: string;
  let n = 0;
  const kh = () => path.join(tmp, `known_hosts_${++n}`);
  const trusted = (s: SshdFixture) => {
    const f = kh();
    appendKnownHost(f, '127.0.0.1', s.port, hostKeyBlob(s.hostKeyPub));
    return f;
  };
  const base = (s: SshdFixture, extra = '') => `qemu+ssh://root@127.0.0.1:${s.port}/system?keyfile=${s.userKey}${extra}`;
  const noCallbacks: SshOptions = { agent: false };

  async function roundTrip(uri: string, ssh: SshOptions = noCallbacks, expectUri = 'qemu:///system'): Promise<void> {
    const r = await dial(uri, { timeoutMs: 20_000, ssh });
    try {
      expect(r.secure).toBe(true);
      expect((await new Probe(r.stream).openAndGetUri(r.openName)).uri).toBe(expectUri);
    } finally {
      r.stream.destroy();
    }
  }
  async function failure(uri: string, ssh: SshOptions = noCallbacks): Promise<TransportError> {
    const e = await dial(uri, { timeoutMs: 20_000, ssh }).then(
      (r) => {
        r.stream.destroy();
        return undefined;
      },
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-ssh-test-'));
    modern = await startSshd({ pathBins: [...COMMON, 'virt-ssh-helper'] });
    old = await startSshd({ pathBins: [...COMMON, 'nc'], extraHostKeyTypes: ['rsa'] });
  });
  afterAll(async () => {
    await modern?.stop();
    await old?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe('host keys', () => {
    it('unknown key: the callback gets host, port, type and the ssh-keygen -lf fingerprint; rejecting fails and records nothing', async () => {
      const file = kh();
      const onUnknownHostKey = vi.fn(() => false);
      const e = await failure(`${base(modern)}&known_hosts=${file}`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).toHaveBeenCalledTimes(1);
      expect(onUnknownHostKey).toHaveBeenCalledWith({ host: '127.0.0.1', port: modern.port, keyType: 'ssh-ed25519', fingerprintSha256: modern.hostFingerprint });
      expect(fingerprintSha256(hostKeyBlob(modern.hostKeyPub))).toBe(modern.hostFingerprint);
      expect(e.code).toBe('HOSTKEY_UNKNOWN_REJECTED');
      expect(e.message).toContain(modern.hostFingerprint);
      expect(() => readFileSync(file)).toThrow();
    });

    it('unknown key accepted: connects and appends [127.0.0.1]:port to known_hosts; next time no question', async () => {
      const file = kh();
      const onUnknownHostKey = vi.fn(async () => true);
      await roundTrip(`${base(modern)}&known_hosts=${file}`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).toHaveBeenCalledTimes(1);
      const entries = parseKnownHosts(readFileSync(file, 'utf8'));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ hosts: `[127.0.0.1]:${modern.port}`, keyType: 'ssh-ed25519', keyBase64: hostKeyBlob(modern.hostKeyPub).toString('base64') });
      await roundTrip(`${base(modern)}&known_hosts=${file}`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).toHaveBeenCalledTimes(1);
    });

    it('no callback and unknown key: refused with the fingerprint', async () => {
      const e = await failure(`${base(modern)}&known_hosts=${kh()}`);
      expect(e.code).toBe('HOSTKEY_UNKNOWN_REJECTED');
      expect(e.message).toContain(modern.hostFingerprint);
    });

    it('changed key: refused with a clear error naming the new fingerprint, callback never called', async () => {
      const file = kh();
      // known_hosts says the host has another ed25519 key (the "old" one)
      appendKnownHost(file, '127.0.0.1', modern.port, hostKeyBlob(old.hostKeyPub));
      const onUnknownHostKey = vi.fn(() => true);
      const e = await failure(`${base(modern)}&known_hosts=${file}`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).not.toHaveBeenCalled();
      expect(e.code).toBe('HOSTKEY_CHANGED');
      expect(e.message).toContain(modern.hostFingerprint);
      expect(e.message).toMatch(/has CHANGED/);
      expect(e.message).toContain(`ssh-keygen -R '[127.0.0.1]:${modern.port}'`);
    });

    it('hashed |1| known_hosts entries are honoured', async () => {
      const file = kh();
      appendKnownHost(file, '127.0.0.1', modern.port, hostKeyBlob(modern.hostKeyPub), { hash: true });
      expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
      const onUnknownHostKey = vi.fn(() => false);
      await roundTrip(`${base(modern)}&known_hosts=${file}`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).not.toHaveBeenCalled();
    });

    it('a host known only by its RSA key is matched by that key, not reported unknown', async () => {
      const file = kh();
      appendKnownHost(file, '127.0.0.1', old.port, hostKeyBlob(old.extraHostKeyPubs.rsa!));
      const onUnknownHostKey = vi.fn(() => false);
      await roundTrip(`qemu+ssh://root@127.0.0.1:${old.port}/system?keyfile=${old.userKey}&known_hosts=${file}`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).not.toHaveBeenCalled();
    });

    it('SshOptions.knownHostsPath is used when the URI has no known_hosts=', async () => {
      await roundTrip(base(modern), { agent: false, knownHostsPath: trusted(modern) });
    });

    it('known_hosts_verify=auto adds unknown keys without asking', async () => {
      const file = kh();
      const onUnknownHostKey = vi.fn(() => false);
      await roundTrip(`${base(modern)}&known_hosts=${file}&known_hosts_verify=auto`, { agent: false, onUnknownHostKey });
      expect(onUnknownHostKey).not.toHaveBeenCalled();
      expect(parseKnownHosts(readFileSync(file, 'utf8'))).toHaveLength(1);
    });
  });

  describe('authentication', () => {
    it('a key the server does not accept: clear auth error naming what was tried', async () => {
      const e = await failure(`qemu+ssh://root@127.0.0.1:${modern.port}/system?keyfile=${modern.strangerKey}&known_hosts=${trusted(modern)}`);
      expect(e.code).toBe('AUTH');
      expect(e.message).toBe(`SSH authentication failed for root@127.0.0.1:${modern.port} (tried: key ${modern.strangerKey})`);
    });

    it('wrong password: asked up to 3 times, then a clear auth error', async () => {
      const askPassword = vi.fn(() => 'wrong-password');
      const e = await failure(`qemu+ssh://root@127.0.0.1:${modern.port}/system?keyfile=${modern.strangerKey}&known_hosts=${trusted(modern)}`, { agent: false, askPassword });
      expect(askPassword).toHaveBeenCalledTimes(3);
      expect(askPassword).toHaveBeenCalledWith({ host: '127.0.0.1', port: modern.port, username: 'root' });
      expect(e.code).toBe('AUTH');
      expect(e.message).toMatch(/tried: key .*id_stranger, password/);
    });

    it('cancelling the password prompt gives up cleanly', async () => {
      const askPassword = vi.fn(() => null);
      const e = await failure(`qemu+ssh://root@127.0.0.1:${modern.port}/system?keyfile=${modern.strangerKey}&known_hosts=${trusted(modern)}`, { agent: false, askPassword });
      expect(askPassword).toHaveBeenCalledTimes(1);
      expect(e.code).toBe('AUTH');
    });

    it('encrypted key: passphrase asked through the callback (wrong one retried)', async () => {
      const answers = ['nope', 'sekrit'];
      const askPassphrase = vi.fn(() => answers.shift());
      await roundTrip(`qemu+ssh://root@127.0.0.1:${modern.port}/system?keyfile=${modern.encryptedUserKey}&known_hosts=${trusted(modern)}`, { agent: false, askPassphrase });
      expect(askPassphrase).toHaveBeenCalledTimes(2);
      expect(askPassphrase).toHaveBeenCalledWith({ keyPath: modern.encryptedUserKey });
    });

    it('encrypted key without a passphrase callback: auth error explains it', async () => {
      const e = await failure(`qemu+ssh://root@127.0.0.1:${modern.port}/system?keyfile=${modern.encryptedUserKey}&known_hosts=${trusted(modern)}`);
      expect(e.code).toBe('AUTH');
      expect(e.message).toMatch(/is encrypted and no passphrase callback was given/);
    });

    it('ssh-agent', async () => {
      const agent = await startAgent(modern.userKey);
      try {
        await roundTrip(`qemu+ssh://root@127.0.0.1:${modern.port}/system?known_hosts=${trusted(modern)}`, { agent: agent.socket, privateKeyPaths: [] });
      } finally {
        await agent.stop();
      }
    });

    it('SshOptions.username is used when the URI has no user', async () => {
      await roundTrip(`qemu+ssh://127.0.0.1:${modern.port}/system?keyfile=${modern.userKey}&known_hosts=${trusted(modern)}`, { agent: false, username: 'root' });
    });
  });

  describe('remote command', () => {
    it('modern host (virt-ssh-helper, no nc): works through virt-ssh-helper', async () => {
      await roundTrip(`${base(modern)}&known_hosts=${trusted(modern)}`);
    });

    it('virt-ssh-helper gets the driver URI including passthrough/mode params through two shells', async () => {
      await roundTrip(`test+ssh://root@127.0.0.1:${modern.port}/default?keyfile=${modern.userKey}&known_hosts=${trusted(modern)}&mode=legacy`, noCallbacks, 'test:///default');
    });

    it('old host (nc, no virt-ssh-helper): auto mode falls back to nc -U /var/run/libvirt/libvirt-sock', async () => {
      await roundTrip(`qemu+ssh://root@127.0.0.1:${old.port}/system?keyfile=${old.userKey}&known_hosts=${trusted(old)}`);
    });

    it('proxy=netcat and socket= use nc', async () => {
      await roundTrip(`qemu+ssh://root@127.0.0.1:${old.port}/system?keyfile=${old.userKey}&known_hosts=${trusted(old)}&proxy=netcat`);
      await roundTrip(`qemu+ssh://root@127.0.0.1:${old.port}/system?keyfile=${old.userKey}&known_hosts=${trusted(old)}&socket=/run/libvirt/libvirt-sock`);
    });

    it('host without either: the stream errors with the remote stderr and a hint', async () => {
      const r = await dial(`qemu+ssh://root@127.0.0.1:${old.port}/system?keyfile=${old.userKey}&known_hosts=${trusted(old)}&proxy=native`, { ssh: noCallbacks });
      const err = await new Probe(r.stream).openAndGetUri(r.openName).catch((e: unknown) => e);
      r.stream.destroy();
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).code).toBe('REMOTE_COMMAND');
      expect((err as Error).message).toMatch(/virt-ssh-helper: not found/);
      expect((err as Error).message).toMatch(/the host has no virt-ssh-helper/);
    });
  });

  describe('connection errors', () => {
    it('nothing listening: connection refused names the port', async () => {
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const e = await failure(`qemu+ssh://root@127.0.0.1:${port}/system`);
      expect(e.code).toBe('NO_DAEMON');
      expect(e.message).toBe(`Connection refused by 127.0.0.1:${port} (is an ssh server listening on port ${port}?)`);
    });

    it('silent server: times out; abort cancels', async () => {
      const socks: net.Socket[] = [];
      const srv = net.createServer((s) => socks.push(s));
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      const port = (srv.address() as net.AddressInfo).port;
      try {
        const e = await dial(`qemu+ssh://root@127.0.0.1:${port}/system`, { timeoutMs: 300, ssh: noCallbacks }).catch((x: unknown) => x);
        expect(e).toMatchObject({ code: 'TIMEOUT' });
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 100);
        await expect(dial(`qemu+ssh://root@127.0.0.1:${port}/system`, { signal: ac.signal, ssh: noCallbacks })).rejects.toMatchObject({ code: 'ABORTED' });
      } finally {
        for (const s of socks) s.destroy();
        await new Promise<void>((r) => srv.close(() => r()));
      }
    });

    it('the prompt time does not count against the timeout', async () => {
      const file = kh();
      const onUnknownHostKey = () => new Promise<boolean>((r) => setTimeout(() => r(true), 1500));
      const r = await dial(`${base(modern)}&known_hosts=${file}`, { timeoutMs: 1000, ssh: { agent: false, onUnknownHostKey } });
      try {
        expect((await new Probe(r.stream).openAndGetUri(r.openName)).uri).toBe('qemu:///system');
      } finally {
        r.stream.destroy();
      }
      writeFileSync(file, '');
    });
  });
});
