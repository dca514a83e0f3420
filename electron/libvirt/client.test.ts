import { describe, expect, it } from 'vitest';
import { LibvirtClient } from './client';
import { openClient } from './open';
import { ConnectionClosedError, LibvirtAbortError, LibvirtError, LibvirtTimeoutError } from './errors';
import { FakeDaemon, type ReceivedCall } from './testing/fake-daemon';
import { MessageStatus, MessageType } from './rpc';
import { KEEPALIVE_PROGRAM } from './protocol/generated/keepalive';
import { REMOTE_PROGRAM, remoteProcedures } from './protocol/generated/remote';
import { virNetMessageError, virNetStreamHole } from './protocol/generated/virnet';
import type { HoleChunk } from './stream';

const dom = { name: 'vm1', uuid: Buffer.alloc(16, 1), id: 3 };
const info = { state: 1, maxMem: 1024n, memory: 512n, nrVirtCpu: 2, cpuTime: 123n };

function setup(): { d: FakeDaemon; c: LibvirtClient } {
  const d = new FakeDaemon();
  const c = new LibvirtClient(d.clientSide);
  return { d, c };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('waitFor timed out');
    await tick();
  }
}

describe('LibvirtClient calls', () => {
  it('matches out-of-order replies to pipelined calls by serial', async () => {
    const { d, c } = setup();
    const calls: ReceivedCall[] = [];
    d.onMessage((m) => calls.push(m));
    const ps = [1, 2, 3].map((i) => c.call('DOMAIN_GET_INFO', { dom: { ...dom, id: i } }));
    await waitFor(() => calls.length === 3);
    // All three were written before any reply: pipelined, distinct serials.
    expect(new Set(calls.map((m) => m.header.serial)).size).toBe(3);
    for (const m of [...calls].reverse()) {
      const { dom: dd } = m.args('DOMAIN_GET_INFO');
      d.reply(m, 'DOMAIN_GET_INFO', { ...info, nrVirtCpu: dd.id * 10 });
    }
    const res = await Promise.all(ps);
    expect(res.map((r) => r.nrVirtCpu)).toEqual([10, 20, 30]);
    expect(c.pendingCalls).toBe(0);
  });

  it('keeps at most maxInFlight calls on the wire and sends the rest as replies come back', async () => {
    const d = new FakeDaemon();
    const c = new LibvirtClient(d.clientSide, { maxInFlight: 4 });
    const calls: ReceivedCall[] = [];
    d.onMessage((m) => m.name === 'DOMAIN_GET_INFO' && calls.push(m));
    const ps = Array.from({ length: 10 }, (_, i) => c.call('DOMAIN_GET_INFO', { dom: { ...dom, id: i } }));
    await waitFor(() => calls.length === 4);
    await tick();
    expect(calls).toHaveLength(4);
    // A queued call given up on is never sent at all.
    const ac = new AbortController();
    const aborted = c.call('DOMAIN_GET_INFO', { dom: { ...dom, id: 99 } }, { signal: ac.signal });
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(LibvirtAbortError);
    // Keepalive PONGs are not held back by the window.
    d.socket.push(Buffer.from([0, 0, 0, 28, 0x6b, 0x65, 0x65, 0x70, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]));
    await waitFor(() => d.received.some((m) => m.header.prog === KEEPALIVE_PROGRAM));
    let answered = 0;
    while (answered < 10) {
      const m = calls[answered]!;
      d.reply(m, 'DOMAIN_GET_INFO', { ...info, nrVirtCpu: m.args('DOMAIN_GET_INFO').dom.id });
      answered++;
      await waitFor(() => calls.length >= Math.min(10, answered + 4));
      expect(calls.length).toBeLessThanOrEqual(answered + 4);
    }
    expect((await Promise.all(ps)).map((r) => r.nrVirtCpu)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls.map((m) => m.args('DOMAIN_GET_INFO').dom.id)).not.toContain(99);
    expect(c.pendingCalls).toBe(0);
  });

  it('encodes arguments exactly (name, uuid, id, flags)', async () => {
    const { d, c } = setup();
    let got: unknown;
    d.onMessage((m) => {
      got = m.args('DOMAIN_GET_XML_DESC');
      d.reply(m, 'DOMAIN_GET_XML_DESC', { xml: '<domain/>' });
    });
    expect(await c.call('DOMAIN_GET_XML_DESC', { dom, flags: 2 })).toEqual({ xml: '<domain/>' });
    expect(got).toEqual({ dom, flags: 2 });
  });

  it('rejects bad arguments locally without breaking the connection', async () => {
    const { d, c } = setup();
    d.onMessage((m) => d.reply(m, 'CONNECT_GET_HOSTNAME', { hostname: 'h' }));
    await expect(c.call('DOMAIN_GET_INFO', { dom: { ...dom, uuid: Buffer.alloc(3) } })).rejects.toThrow(/DOMAIN_GET_INFO args: .*uuid/);
    expect(await c.call('CONNECT_GET_HOSTNAME', undefined)).toEqual({ hostname: 'h' });
    expect(d.received.map((m) => m.name)).toEqual(['CONNECT_GET_HOSTNAME']);
  });

  it('turns remote_error into a typed LibvirtError', async () => {
    const { d, c } = setup();
    d.onMessage((m) => d.replyError(m, 42, "Domain not found: no domain with matching name 'x'", 10));
    const err = await c.call('DOMAIN_LOOKUP_BY_NAME', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    const le = err as LibvirtError;
    expect(le.code).toBe(42);
    expect(le.codeName).toBe('VIR_ERR_NO_DOMAIN');
    expect(le.domainName).toBe('VIR_FROM_QEMU');
    expect(le.levelName).toBe('VIR_ERR_ERROR');
    expect(le.message).toMatch(/Domain not found/);
    expect(le.str1).toMatch(/Domain not found/);
    expect(le.int1).toBe(-1);
    expect(le.procedure).toBe('DOMAIN_LOOKUP_BY_NAME');
    expect(c.closed).toBe(false);
  });

  it('times out a call, ignores its late reply and keeps working', async () => {
    const { d, c } = setup();
    const held: ReceivedCall[] = [];
    d.onMessage((m) => held.push(m));
    const t0 = Date.now();
    await expect(c.call('CONNECT_GET_HOSTNAME', undefined, { timeoutMs: 50 })).rejects.toBeInstanceOf(LibvirtTimeoutError);
    expect(Date.now() - t0).toBeLessThan(1000);
    d.reply(held[0]!, 'CONNECT_GET_HOSTNAME', { hostname: 'late' });
    await tick();
    expect(c.closed).toBe(false);
    const p = c.call('CONNECT_GET_HOSTNAME', undefined);
    await waitFor(() => held.length === 2);
    d.reply(held[1]!, 'CONNECT_GET_HOSTNAME', { hostname: 'ok' });
    expect(await p).toEqual({ hostname: 'ok' });
  });

  it('aborts a call via AbortSignal, and never sends a pre-aborted one', async () => {
    const { d, c } = setup();
    const ac = new AbortController();
    const p = c.call('CONNECT_GET_HOSTNAME', undefined, { signal: ac.signal });
    await waitFor(() => d.received.length === 1);
    ac.abort(new Error('user gave up'));
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtAbortError);
    expect((err as Error).cause).toEqual(new Error('user gave up'));
    await expect(c.call('CONNECT_GET_HOSTNAME', undefined, { signal: ac.signal })).rejects.toBeInstanceOf(LibvirtAbortError);
    await tick();
    expect(d.received).toHaveLength(1);
    d.reply(d.received[0]!, 'CONNECT_GET_HOSTNAME', { hostname: 'late' });
    await tick();
    expect(c.closed).toBe(false);
  });
});

describe('LibvirtClient connection failure', () => {
  async function pendingThree(c: LibvirtClient, d: FakeDaemon) {
    const ps = [c.call('CONNECT_GET_HOSTNAME', undefined), c.call('CONNECT_GET_VERSION', undefined), c.call('DOMAIN_GET_INFO', { dom })];
    const settled = ps.map((p) => p.then(() => null, (e: unknown) => e));
    await waitFor(() => d.received.length === 3);
    return settled;
  }

  async function expectAllClosed(settled: Promise<unknown>[], reason: RegExp) {
    const errs = await Promise.all(settled);
    for (const e of errs) {
      expect(e).toBeInstanceOf(ConnectionClosedError);
      expect((e as Error).message).toMatch(reason);
    }
  }

  it('EOF rejects every pending call at once and emits close', async () => {
    const { d, c } = setup();
    const closed = new Promise<Error | undefined>((r) => c.once('close', r));
    const settled = await pendingThree(c, d);
    d.socket.end();
    await expectAllClosed(settled, /EOF/);
    expect((await closed)?.message).toMatch(/EOF/);
    await expect(c.call('CONNECT_GET_HOSTNAME', undefined)).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('socket error rejects pending calls naming the error', async () => {
    const { d, c } = setup();
    const settled = await pendingThree(c, d);
    d.clientSide.destroy(new Error('ECONNRESET boom'));
    await expectAllClosed(settled, /socket error: ECONNRESET boom/);
  });

  it('a reply with an unknown serial closes the connection', async () => {
    const { d, c } = setup();
    const settled = await pendingThree(c, d);
    d.reply(9999, 'CONNECT_GET_HOSTNAME', { hostname: 'x' });
    await expectAllClosed(settled, /unknown serial 9999/);
  });

  it('a bad frame closes the connection', async () => {
    const { d, c } = setup();
    const settled = await pendingThree(c, d);
    d.send(Buffer.from([0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8]));
    await expectAllClosed(settled, /bad frame: length 12/);
  });

  it('an oversized frame closes the connection', async () => {
    const { d, c } = setup();
    const settled = await pendingThree(c, d);
    d.send(Buffer.from([0x02, 0, 0, 1]));
    await expectAllClosed(settled, /exceeds the 33554432-byte message limit/);
  });

  it('a CALL from the server closes the connection', async () => {
    const { d, c } = setup();
    const settled = await pendingThree(c, d);
    d.send(d.frame({ prog: REMOTE_PROGRAM, vers: 1, proc: 1, type: MessageType.CALL, serial: 1, status: MessageStatus.OK }, null));
    await expectAllClosed(settled, /daemon sent a CALL/);
  });

  it('a message from an unknown program closes the connection', async () => {
    const { d, c } = setup();
    const settled = await pendingThree(c, d);
    d.send(d.frame({ prog: 0x12345678, vers: 1, proc: 1, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.OK }, null));
    await expectAllClosed(settled, /unknown program 0x12345678/);
  });

  it('close() rejects pending calls with "closed by client" and emits close without a reason', async () => {
    const { d, c } = setup();
    d.onMessage((m) => {
      if (m.name === 'CONNECT_CLOSE') d.reply(m, 'CONNECT_CLOSE', undefined);
    });
    const p = c.call('CONNECT_GET_HOSTNAME', undefined).catch((e: unknown) => e);
    const closed = new Promise<unknown>((r) => c.once('close', r));
    await c.close();
    expect(((await p) as Error).message).toMatch(/closed by client/);
    expect(await closed).toBeUndefined();
  });
});

describe('keepalive', () => {
  it('answers PING with PONG', async () => {
    const { d } = setup();
    const seen: ReceivedCall[] = [];
    d.onMessage((m) => seen.push(m));
    d.send(d.frame({ prog: KEEPALIVE_PROGRAM, vers: 1, proc: 1, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.OK }, null));
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.header).toMatchObject({ prog: KEEPALIVE_PROGRAM, vers: 1, proc: 2, type: MessageType.MESSAGE, status: MessageStatus.OK });
    expect(seen[0]!.frame.length).toBe(28);
  });

  it('pings an idle peer and closes when it stays silent', async () => {
    const { d, c } = setup();
    const pings: ReceivedCall[] = [];
    d.onMessage((m) => {
      if (m.header.prog === KEEPALIVE_PROGRAM) pings.push(m);
    });
    const pending = c.call('CONNECT_GET_HOSTNAME', undefined).catch((e: unknown) => e);
    const t0 = Date.now();
    c.startKeepalive({ intervalSec: 0.03, count: 3 });
    const err = (await pending) as Error;
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(err.message).toMatch(/keepalive timeout/);
    expect(pings.length).toBe(3);
    expect(pings.every((p) => p.header.proc === 1)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('any received message resets the miss count', async () => {
    const { d, c } = setup();
    d.onMessage((m) => {
      if (m.header.prog === KEEPALIVE_PROGRAM && m.header.proc === 1) {
        d.send(d.frame({ ...m.header, proc: 2 }, null));
      }
    });
    c.startKeepalive({ intervalSec: 0.02, count: 1 });
    await new Promise((r) => setTimeout(r, 250));
    expect(c.closed).toBe(false);
    expect(d.received.length).toBeGreaterThan(3);
    c.destroy();
  });
});

describe('open handshake', () => {
  it('runs AUTH_LIST, SUPPORTS_FEATURE(keepalive), CONNECT_OPEN with RO flag', async () => {
    const d = new FakeDaemon();
    d.autoOpen({ keepalive: true });
    const c = await openClient(d.clientSide, 'test:///default', { readOnly: true, keepalive: { intervalSec: 60, count: 1 } });
    expect(d.received.map((m) => m.name)).toEqual(['AUTH_LIST', 'CONNECT_SUPPORTS_FEATURE', 'CONNECT_OPEN']);
    expect(d.received[1]!.args('CONNECT_SUPPORTS_FEATURE')).toEqual({ feature: 10 });
    expect(d.received[2]!.args('CONNECT_OPEN')).toEqual({ name: 'test:///default', flags: 1 });
    c.destroy();
  });

  it('does polkit auth when offered', async () => {
    const d = new FakeDaemon();
    d.autoOpen({ auth: [2] }, (m) => {
      if (m.name === 'AUTH_POLKIT') d.reply(m, 'AUTH_POLKIT', { complete: 1 });
    });
    const c = await openClient(d.clientSide, 'qemu:///system');
    expect(d.received.map((m) => m.name)).toContain('AUTH_POLKIT');
    c.destroy();
  });

  it('fails clearly on an unknown auth type (SASL itself: auth/sasl.test.ts)', async () => {
    const d = new FakeDaemon();
    d.autoOpen({ auth: [7] });
    const err = (await openClient(d.clientSide, 'qemu:///system').catch((e: unknown) => e)) as LibvirtError;
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.codeName).toBe('VIR_ERR_AUTH_UNAVAILABLE');
    expect(err.message).toMatch(/unsupported authentication mechanism: TYPE 7 .*Virtdeck supports none, sasl and polkit/);
  });

  it('a daemon that never answers fails within the open timeout', async () => {
    const d = new FakeDaemon();
    const t0 = Date.now();
    const err = (await openClient(d.clientSide, 'test:///default', { openTimeoutMs: 150 }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(LibvirtTimeoutError);
    expect(err.message).toMatch(/did not answer AUTH_LIST within 150 ms/);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(d.clientSide.destroyed).toBe(true);
  });

  it('propagates CONNECT_OPEN errors', async () => {
    const d = new FakeDaemon();
    d.autoOpen({}, () => {});
    d.onMessage((m) => {
      if (m.name === 'AUTH_LIST') d.reply(m, 'AUTH_LIST', { types: [0] });
      else if (m.name === 'CONNECT_SUPPORTS_FEATURE') d.reply(m, 'CONNECT_SUPPORTS_FEATURE', { supported: 0 });
      else d.replyError(m, 38, 'Failed to connect socket', 13);
    });
    await expect(openClient(d.clientSide, 'qemu:///system')).rejects.toMatchObject({ codeName: 'VIR_ERR_SYSTEM_ERROR' });
  });
});

describe('events', () => {
  const lifecycle = (callbackID: number, event: number) => ({ callbackID, msg: { dom, event, detail: 0 } });

  it('delivers typed domain events per subscription and deregisters on unsubscribe', async () => {
    const { d, c } = setup();
    let nextId = 7;
    d.onMessage((m) => {
      if (m.name === 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY') d.reply(m, 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY', { callbackID: nextId++ });
      if (m.name === 'CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY') d.reply(m, 'CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY', undefined);
    });
    const got: number[] = [];
    const sub = await c.events.onDomain('lifecycle', (ev) => {
      got.push(ev.msg.event);
    });
    const reg = d.received.find((m) => m.name === 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY')!;
    expect(reg.args('CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY')).toEqual({ eventID: 0, dom: null });
    d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(7, 3));
    d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(99, 4)); // someone else's callback
    d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(7, 4));
    await waitFor(() => got.length === 2);
    expect(got).toEqual([3, 4]);
    await sub.unsubscribe();
    const dereg = d.received.find((m) => m.name === 'CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY')!;
    expect(dereg.args('CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY')).toEqual({ callbackID: 7 });
    d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(7, 5));
    await tick();
    expect(got).toEqual([3, 4]);
  });

  it('filters per domain on the daemon side and tolerates events that overtake the registration reply', async () => {
    const { d, c } = setup();
    let registered = 0;
    d.onMessage((m) => {
      if (m.name === 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY') {
        const callbackID = ++registered;
        if (callbackID === 1) d.event('DOMAIN_EVENT_CALLBACK_REBOOT', { callbackID, msg: { dom } });
        d.reply(m, 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY', { callbackID });
      }
    });
    const got: unknown[] = [];
    await c.events.onDomain('reboot', (ev) => void got.push(ev.msg.dom.name), { domain: dom });
    expect(d.received[0]!.args('CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY')).toEqual({ eventID: 1, dom });
    await c.events.onDomain('reboot', () => {}, { domain: '01010101-0101-0101-0101-010101010101' });
    expect(d.received[1]!.args('CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY')).toEqual({ eventID: 1, dom: { name: '', uuid: dom.uuid, id: -1 } });
    await expect(c.events.onDomain('reboot', () => {}, { domain: 'nope' })).rejects.toThrow(/invalid domain UUID/);
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['vm1']);
  });

  it('a slow listener does not block the socket or other subscriptions', async () => {
    const { d, c } = setup();
    let id = 1;
    d.onMessage((m) => {
      if (m.name === 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY') d.reply(m, 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY', { callbackID: id++ });
      if (m.name === 'CONNECT_GET_HOSTNAME') d.reply(m, 'CONNECT_GET_HOSTNAME', { hostname: 'h' });
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: number[] = [];
    const fast: number[] = [];
    await c.events.onDomain('lifecycle', async (ev) => {
      await gate;
      slow.push(ev.msg.event);
    });
    await c.events.onDomain('lifecycle', (ev) => void fast.push(ev.msg.event));
    for (let i = 0; i < 5; i++) {
      d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(1, i));
      d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(2, i));
    }
    expect(await c.call('CONNECT_GET_HOSTNAME', undefined)).toEqual({ hostname: 'h' });
    await waitFor(() => fast.length === 5);
    expect(slow).toEqual([]);
    release();
    await waitFor(() => slow.length === 5);
    expect(slow).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops the oldest events past maxQueue and counts them', async () => {
    const { d, c } = setup();
    d.onMessage((m) => d.reply(m, 'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY', { callbackID: 1 }));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const got: number[] = [];
    const sub = await c.events.onDomain(
      'lifecycle',
      async (ev) => {
        await gate;
        got.push(ev.msg.event);
      },
      { maxQueue: 2 },
    );
    for (let i = 0; i < 6; i++) d.event('DOMAIN_EVENT_CALLBACK_LIFECYCLE', lifecycle(1, i));
    await tick();
    release();
    await waitFor(() => got.length >= 2);
    await tick();
    // All six arrived before delivery began: only the newest two survive.
    expect(got).toEqual([4, 5]);
    expect(sub.dropped).toBe(4);
  });

  it('network and storage pool events', async () => {
    const { d, c } = setup();
    d.onMessage((m) => {
      if (m.name === 'CONNECT_NETWORK_EVENT_REGISTER_ANY') d.reply(m, 'CONNECT_NETWORK_EVENT_REGISTER_ANY', { callbackID: 1 });
      if (m.name === 'CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY') d.reply(m, 'CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY', { callbackID: 1 });
    });
    const nets: string[] = [];
    const pools: string[] = [];
    await c.events.onNetwork('lifecycle', (ev) => void nets.push(`${ev.net.name}:${ev.event}`));
    await c.events.onStoragePool('refresh', (ev) => void pools.push(ev.pool.name));
    const uuid = Buffer.alloc(16);
    d.event('NETWORK_EVENT_LIFECYCLE', { callbackID: 1, net: { name: 'default', uuid }, event: 2, detail: 0 });
    d.event('STORAGE_POOL_EVENT_REFRESH', { callbackID: 1, pool: { name: 'images', uuid } });
    await waitFor(() => nets.length === 1 && pools.length === 1);
    expect(nets).toEqual(['default:2']);
    expect(pools).toEqual(['images']);
  });
});

describe('streams', () => {
  const streamHeader = (m: ReceivedCall, status: MessageStatus) => ({ ...m.header, type: MessageType.STREAM, status });

  it('download: data, in-band holes, EOF (empty CONTINUE), finish handshake', async () => {
    const { d, c } = setup();
    const seen: ReceivedCall[] = [];
    d.onMessage((m) => {
      seen.push(m);
      if (m.name === 'DOMAIN_SCREENSHOT' && m.header.type === MessageType.CALL) {
        d.reply(m, 'DOMAIN_SCREENSHOT', { mime: 'image/png' });
        d.send(d.frame(streamHeader(m, MessageStatus.CONTINUE), null, undefined, Buffer.from('hello ')));
        d.send(d.frame({ ...m.header, type: MessageType.STREAM_HOLE, status: MessageStatus.CONTINUE }, virNetStreamHole, { length: 4096n, flags: 0 }));
        d.send(d.frame(streamHeader(m, MessageStatus.CONTINUE), null, undefined, Buffer.from('world')));
        d.send(d.frame(streamHeader(m, MessageStatus.CONTINUE), null)); // EOF: empty CONTINUE
      } else if (m.header.type === MessageType.STREAM && m.header.status === MessageStatus.OK) {
        d.send(d.frame(streamHeader(m, MessageStatus.OK), null)); // confirm our finish
      }
    });
    const { ret, stream } = await c.openStream('DOMAIN_SCREENSHOT', { dom, screen: 0, flags: 0 });
    expect(ret.mime).toBe('image/png');
    const chunks: string[] = [];
    for await (const ch of stream as AsyncIterable<Buffer | HoleChunk>) chunks.push(Buffer.isBuffer(ch) ? ch.toString() : `<hole ${ch.hole}>`);
    // Holes arrive in band, in order with the data, even when they come with the opening reply.
    expect(chunks.join('')).toBe('hello <hole 4096>world');
    await waitFor(() => stream.finished);
    const finish = seen.find((m) => m.header.type === MessageType.STREAM)!;
    expect(finish.header).toMatchObject({ proc: remoteProcedures.DOMAIN_SCREENSHOT.number, status: MessageStatus.OK });
    expect(finish.header.serial).toBe(seen[0]!.header.serial);
  });

  it('upload: data in chunks, holes, finish confirmed by the daemon', async () => {
    const { d, c } = setup();
    const data: Buffer[] = [];
    const holes: bigint[] = [];
    d.onMessage((m) => {
      if (m.header.type === MessageType.CALL) return d.reply(m, 'STORAGE_VOL_UPLOAD', undefined);
      if (m.header.type === MessageType.STREAM_HOLE) holes.push(m.frame.readBigInt64BE(28));
      else if (m.header.status === MessageStatus.CONTINUE) data.push(Buffer.from(m.frame.subarray(28)));
      else if (m.header.status === MessageStatus.OK) d.send(d.frame(streamHeader(m, MessageStatus.OK), null));
    });
    const vol = { pool: 'p', name: 'v', key: 'k' };
    const { stream } = await c.openStream('STORAGE_VOL_UPLOAD', { vol, offset: 0n, length: 0n, flags: 0 });
    const big = Buffer.alloc(600_000, 0xab);
    stream.write(big);
    stream.write({ hole: 1048576n });
    stream.write('tail');
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    expect(data.length).toBe(4); // 600000 bytes cut at 262120, plus 'tail'
    expect(Buffer.concat(data.slice(0, 3)).equals(big)).toBe(true);
    expect(data[3]!.toString()).toBe('tail');
    expect(holes).toEqual([1048576n]);
    expect(stream.finished).toBe(true);
  });

  it('daemon-side stream error destroys the stream with a LibvirtError', async () => {
    const { d, c } = setup();
    d.onMessage((m) => {
      if (m.header.type !== MessageType.CALL) return;
      d.reply(m, 'STORAGE_VOL_DOWNLOAD', undefined);
      d.send(
        d.frame(streamHeader(m, MessageStatus.ERROR), virNetMessageError, {
          code: 38, domain: 18, message: 'read failed', level: 2, dom: null, str1: null, str2: null, str3: null, int1: 0, int2: 0, net: null,
        }),
      );
    });
    const { stream } = await c.openStream('STORAGE_VOL_DOWNLOAD', { vol: { pool: 'p', name: 'v', key: 'k' }, offset: 0n, length: 0n, flags: 0 });
    const err = await new Promise<Error>((r) => stream.on('error', r));
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.message).toBe('read failed');
    expect(c.closed).toBe(false);
  });

  it('destroying a stream sends an abort and ignores the packets still in flight', async () => {
    const { d, c } = setup();
    let callMsg: ReceivedCall | undefined;
    const aborts: ReceivedCall[] = [];
    d.onMessage((m) => {
      if (m.header.type === MessageType.CALL) {
        callMsg = m;
        d.reply(m, 'DOMAIN_OPEN_CONSOLE', undefined);
      } else if (m.header.type === MessageType.STREAM && m.header.status === MessageStatus.ERROR) aborts.push(m);
    });
    const { stream } = await c.openStream('DOMAIN_OPEN_CONSOLE', { dom, dev_name: null, flags: 0 });
    stream.on('error', () => {});
    stream.destroy();
    await waitFor(() => aborts.length === 1);
    d.send(d.frame(streamHeader(callMsg!, MessageStatus.CONTINUE), null, undefined, Buffer.from('late')));
    await tick();
    expect(c.closed).toBe(false);
  });

  it('connection loss errors open streams', async () => {
    const { d, c } = setup();
    d.onMessage((m) => {
      if (m.header.type === MessageType.CALL) d.reply(m, 'DOMAIN_OPEN_CONSOLE', undefined);
    });
    const { stream } = await c.openStream('DOMAIN_OPEN_CONSOLE', { dom, dev_name: null, flags: 0 });
    const err = new Promise<Error>((r) => stream.on('error', r));
    d.socket.end();
    expect((await err).message).toMatch(/EOF/);
  });
});
