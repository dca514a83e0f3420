import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial, TransportError } from './index';
import { isRoot, makePki, missingBinaries, startLibvirtd, type LibvirtdFixture, type Pki } from './testing/fixtures';
import { Probe } from './testing/rpc-probe';

const missing = isRoot() ? missingBinaries('TLS/TCP transport integration tests', ['libvirtd', 'openssl']) : ['root'];
if (!isRoot()) console.warn('\n!!!! SKIPPING TLS/TCP transport integration tests: they start a private libvirtd and need root !!!!\n');

async function expectWorks(uri: string, opts: Parameters<typeof dial>[1] = {}): Promise<void> {
  const r = await dial(uri, { timeoutMs: 15_000, ...opts });
  try {
    // If the 0x01 confirmation byte leaked into the stream the framing would be off by one.
    const res = await new Probe(r.stream).openAndGetUri(r.openName);
    expect(res.uri).toBe('test:///default');
  } finally {
    r.stream.destroy();
  }
}

async function dialError(uri: string, opts: Parameters<typeof dial>[1] = {}): Promise<TransportError> {
  const err = await dial(uri, { timeoutMs: 15_000, ...opts }).then(
    (r) => {
      r.stream.destroy();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

describe.skipIf(missing.length > 0)('tls and tcp transports against a private libvirtd', () => {
  let pki: Pki | undefined;
  let d: LibvirtdFixture;
  beforeAll(async () => {
    pki = makePki();
    d = await startLibvirtd(pki);
  });
  afterAll(async () => {
    await d?.stop();
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  it('tls with the right CA and client cert works (0x01 consumed), by IP and by name', async () => {
    await expectWorks(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.goodPkiPath}`);
    await expectWorks(`test://localhost:${d.tlsPort}/default?pkipath=${pki!.goodPkiPath}`);
  });

  it('dial reports secure=true for tls and the open name without host/params', async () => {
    const r = await dial(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.goodPkiPath}`);
    try {
      expect(r.secure).toBe(true);
      expect(r.openName).toBe('test:///default');
      expect(r.stream.readableLength).toBe(0);
    } finally {
      r.stream.destroy();
    }
  });

  it('explicit TlsOptions (file paths) work', async () => {
    const g = pki!.goodPkiPath;
    await expectWorks(`test+tls://127.0.0.1:${d.tlsPort}/default`, {
      tls: { ca: path.join(g, 'cacert.pem'), cert: path.join(g, 'clientcert.pem'), key: path.join(g, 'clientkey.pem') },
    });
  });

  it('a server certificate from an untrusted CA is refused with a clear error', async () => {
    const e = await dialError(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.wrongCaPkiPath}`);
    expect(e.code).toBe('TLS');
    expect(e.message).toMatch(/is not signed by a trusted CA .*cacert\.pem.*no_verify=1/);
  });

  it('no_verify=1 connects despite the wrong CA', async () => {
    await expectWorks(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.wrongCaPkiPath}&no_verify=1`);
  });

  it('a host name that is not in the certificate is refused', async () => {
    const e = await dialError(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.goodPkiPath}`, { tls: { servername: 'wrong.example' } });
    expect(e.code).toBe('TLS');
    expect(e.message).toMatch(/does not match the host name/);
  });

  it('a client certificate the server does not trust gives "rejected our client certificate"', async () => {
    const e = await dialError(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.rogueClientPkiPath}`);
    expect(e.code).toBe('TLS_REJECTED');
    expect(e.message).toMatch(/rejected our client certificate/);
  });

  it('missing CA file is reported with its path', async () => {
    const e = await dialError(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=/nonexistent/pki`);
    expect(e.message).toBe('Cannot read CA certificate /nonexistent/pki/cacert.pem: file does not exist');
  });

  it('tcp (listen_tcp, auth_tcp=none) works and is not secure', async () => {
    const r = await dial(`test+tcp://127.0.0.1:${d.tcpPort}/default`);
    try {
      expect(r.secure).toBe(false);
      const res = await new Probe(r.stream).openAndGetUri(r.openName);
      expect(res.uri).toBe('test:///default');
    } finally {
      r.stream.destroy();
    }
  });

  it('tls to the plain tcp port fails with a handshake error, not a hang', async () => {
    const e = await dialError(`test+tls://127.0.0.1:${d.tcpPort}/default?pkipath=${pki!.goodPkiPath}`, { timeoutMs: 5000 });
    expect(['TLS', 'TIMEOUT']).toContain(e.code);
  });

  it('the private daemon unix socket works via socket=', async () => {
    const r = await dial(`test:///default?socket=${d.sockDir}/libvirt-sock`);
    try {
      expect((await new Probe(r.stream).openAndGetUri(r.openName)).uri).toBe('test:///default');
    } finally {
      r.stream.destroy();
    }
  });
});

describe('tls timeouts and cancellation (no daemon needed)', () => {
  let server: net.Server;
  let port = 0;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    server = net.createServer((s) => {
      sockets.add(s); // accept and never speak
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('times out on a silent server', async () => {
    const e = await dial(`test+tls://127.0.0.1:${port}/default?no_verify=1`, { timeoutMs: 300 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'TIMEOUT' });
    expect((e as Error).message).toMatch(/^Timed out after 300ms while connecting to 127\.0\.0\.1:\d+ \(tls\)$/);
  });

  it('is cancelled by an AbortSignal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(dial(`test+tls://127.0.0.1:${port}/default?no_verify=1`, { signal: ac.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
