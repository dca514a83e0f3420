/**
 * Against the real libvirtd (its test driver, through the daemon's unix socket).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, LibvirtClient, LibvirtError, LibvirtTimeoutError, type remote_nonnull_domain } from './index';

const URI = 'test+unix:///default';
// virDomainState / virDomainEventType values from libvirt-domain.h.
const VIR_DOMAIN_RUNNING = 1;
const VIR_DOMAIN_PAUSED = 3;
const VIR_DOMAIN_EVENT_SUSPENDED = 3;
const VIR_DOMAIN_EVENT_RESUMED = 4;

let client: LibvirtClient;
let testDom: remote_nonnull_domain;
const created: string[] = [];

function domainXml(name: string): string {
  return `<domain type='test'><name>${name}</name><memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;
}

async function defineTemp(): Promise<remote_nonnull_domain> {
  const name = `vdtest-${process.pid}-${Date.now()}-${created.length}`;
  created.push(name);
  const { dom } = await client.call('DOMAIN_DEFINE_XML_FLAGS', { xml: domainXml(name), flags: 0 });
  return dom;
}

beforeAll(async () => {
  client = await connect(URI);
  ({ dom: testDom } = await client.call('DOMAIN_LOOKUP_BY_NAME', { name: 'test' }));
});

afterEach(async () => {
  // Remove every vdtest- domain this file made, even when the test failed half-way.
  for (const name of created.splice(0)) {
    try {
      const { dom } = await client.call('DOMAIN_LOOKUP_BY_NAME', { name });
      const { state } = await client.call('DOMAIN_GET_STATE', { dom, flags: 0 });
      if (state !== 5 /* SHUTOFF */) await client.call('DOMAIN_DESTROY', { dom });
      await client.call('DOMAIN_UNDEFINE', { dom });
    } catch (e) {
      if (!(e instanceof LibvirtError && e.codeName === 'VIR_ERR_NO_DOMAIN')) throw e;
    }
  }
});

afterAll(async () => {
  await client?.close();
});

describe('libvirt RPC against the real daemon', () => {
  it('opens and answers host calls', async () => {
    const { hostname } = await client.call('CONNECT_GET_HOSTNAME', undefined);
    expect(hostname.length).toBeGreaterThan(0);
    const { hv_ver } = await client.call('CONNECT_GET_VERSION', undefined);
    expect(hv_ver).toBeGreaterThan(0n);
    const { lib_ver } = await client.call('CONNECT_GET_LIB_VERSION', undefined);
    expect(lib_ver).toBeGreaterThanOrEqual(9_000_000n);
    const { type } = await client.call('CONNECT_GET_TYPE', undefined);
    expect(type).toBe('TEST');
    const { uri } = await client.call('CONNECT_GET_URI', undefined);
    expect(uri).toBe('test:///default');
  });

  it('lists domains and reads info, state and XML', async () => {
    const { domains, ret } = await client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 });
    expect(ret).toBe(domains.length);
    const test = domains.find((d) => d.name === 'test');
    expect(test).toBeDefined();
    expect(test!.uuid).toHaveLength(16);
    const info = await client.call('DOMAIN_GET_INFO', { dom: test! });
    expect(info.nrVirtCpu).toBeGreaterThan(0);
    expect(info.maxMem).toBeGreaterThan(0n);
    const { state } = await client.call('DOMAIN_GET_STATE', { dom: test!, flags: 0 });
    expect([VIR_DOMAIN_RUNNING, VIR_DOMAIN_PAUSED]).toContain(state);
    const { xml } = await client.call('DOMAIN_GET_XML_DESC', { dom: test!, flags: 0 });
    expect(xml).toContain('<name>test</name>');
  });

  it('defines and undefines a domain', async () => {
    const dom = await defineTemp();
    expect(dom.name).toMatch(/^vdtest-/);
    const { xml } = await client.call('DOMAIN_GET_XML_DESC', { dom, flags: 0 });
    expect(xml).toContain(`<name>${dom.name}</name>`);
    await client.call('DOMAIN_UNDEFINE', { dom });
    const err = await client.call('DOMAIN_LOOKUP_BY_NAME', { name: dom.name }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
  });

  it('reports a missing domain as VIR_ERR_NO_DOMAIN', async () => {
    const err = await client.call('DOMAIN_LOOKUP_BY_NAME', { name: 'vdtest-does-not-exist' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    const le = err as LibvirtError;
    expect(le.code).toBe(42);
    expect(le.codeName).toBe('VIR_ERR_NO_DOMAIN');
    expect(le.domainName).toBe('VIR_FROM_TEST');
    expect(le.levelName).toBe('VIR_ERR_ERROR');
    expect(client.closed).toBe(false);
  });

  it('observes lifecycle events for suspend and resume', async () => {
    const dom = await defineTemp();
    await client.call('DOMAIN_CREATE', { dom });
    const events: number[] = [];
    const other: string[] = [];
    const sub = await client.events.onDomain('lifecycle', (ev) => void events.push(ev.msg.event), { domain: dom });
    const all = await client.events.onDomain('lifecycle', (ev) => void other.push(ev.msg.dom.name));
    try {
      await client.call('DOMAIN_SUSPEND', { dom });
      await client.call('DOMAIN_RESUME', { dom });
      const end = Date.now() + 5000;
      while (events.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(events).toEqual([VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_RESUMED]);
      expect(other).toContain(dom.name);
    } finally {
      await sub.unsubscribe();
      await all.unsubscribe();
    }
  });

  it('pipelines 1000 DOMAIN_GET_INFO calls', async () => {
    const calls = Array.from({ length: 1000 }, () => client.call('DOMAIN_GET_INFO', { dom: testDom }));
    const infos = await Promise.all(calls);
    expect(infos).toHaveLength(1000);
    expect(new Set(infos.map((i) => i.nrVirtCpu)).size).toBe(1);
  });

  it('reads a screenshot through a stream', async () => {
    const { ret, stream } = await client.openStream('DOMAIN_SCREENSHOT', { dom: testDom, screen: 0, flags: 0 });
    expect(ret.mime).toMatch(/image/);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const png = Buffer.concat(chunks);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The connection is still usable after the stream's finish handshake.
    expect((await client.call('CONNECT_GET_HOSTNAME', undefined)).hostname.length).toBeGreaterThan(0);
  });

  it('a second connection is independent and closes cleanly', async () => {
    const c2 = await connect(URI, { keepalive: { intervalSec: 1, count: 3 } });
    const closed = new Promise<unknown>((r) => c2.once('close', r));
    expect((await c2.call('CONNECT_GET_LIB_VERSION', undefined)).lib_ver).toBeGreaterThan(0n);
    await c2.close();
    expect(await closed).toBeUndefined();
    expect(client.closed).toBe(false);
  });
});

describe('a daemon that accepts and never answers', () => {
  let dir: string;
  let server: net.Server;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-silent-'));
    server = net.createServer((s) => {
      sockets.push(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(join(dir, 'sock'), r));
  });

  afterAll(() => {
    for (const s of sockets) s.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with a clear error in under 10 s', async () => {
    const t0 = Date.now();
    const err = await connect(`test+unix:///default?socket=${join(dir, 'sock')}`).catch((e: unknown) => e);
    const elapsed = Date.now() - t0;
    expect(err).toBeInstanceOf(LibvirtTimeoutError);
    expect((err as Error).message).toMatch(/did not answer AUTH_LIST within 10000 ms/);
    expect(elapsed).toBeLessThan(10_500);
    expect(elapsed).toBeGreaterThanOrEqual(9_900);
  });
});
