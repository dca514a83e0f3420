// coverage:ignore — checks the tables themselves; exercising procedures is for client tests.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { decode, encode } from '../xdr';
import { remoteProcedures, remote_typed_param, remote_node_get_info_ret, REMOTE_PROGRAM, type remote_domain_get_info_ret } from './generated/remote';
import { KEEPALIVE_PROGRAM, keepaliveProcedures } from './generated/keepalive';
import { errorCodeNames, errorDomainNames, virErrorNumber } from './generated/virterror';
import { virNetMessageType, VIR_NET_MESSAGE_MAX } from './generated/virnet';
import type { LibvirtClient } from '../client';

describe('generated protocol tables', () => {
  it('has the remote program and procedure numbers', () => {
    expect(REMOTE_PROGRAM).toBe(0x20008086);
    expect(remoteProcedures.CONNECT_OPEN.number).toBe(1);
    expect(remoteProcedures.DOMAIN_GET_INFO.number).toBe(16);
    expect(remoteProcedures.DOMAIN_GET_INFO.args).not.toBeNull();
    expect(remoteProcedures.CONNECT_GET_HOSTNAME.args).toBeNull();
    expect(Object.keys(remoteProcedures).length).toBeGreaterThanOrEqual(440);
    const numbers = Object.values(remoteProcedures).map((p) => p.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('carries @priority and stream annotations', () => {
    expect(remoteProcedures.CONNECT_GET_HOSTNAME.priority).toBe('high');
    expect(remoteProcedures.DOMAIN_CREATE.priority).toBe('low');
    expect(remoteProcedures.DOMAIN_SCREENSHOT.stream).toBe('read');
    expect(remoteProcedures.STORAGE_VOL_UPLOAD.stream).toBe('write');
    expect(remoteProcedures.STORAGE_VOL_DOWNLOAD.stream).toBe('read');
    expect(remoteProcedures.DOMAIN_OPEN_CONSOLE.stream).not.toBeNull();
    expect(remoteProcedures.DOMAIN_EVENT_CALLBACK_LIFECYCLE.msg).not.toBeNull();
  });

  it('has keepalive, virnet and virterror tables', () => {
    expect(KEEPALIVE_PROGRAM).toBe(0x6b656570);
    expect(keepaliveProcedures.PING.number).toBe(1);
    expect(keepaliveProcedures.PONG.number).toBe(2);
    expect(virNetMessageType.VIR_NET_STREAM_HOLE).toBe(6);
    expect(VIR_NET_MESSAGE_MAX).toBe(33554432);
    expect(virErrorNumber.VIR_ERR_NO_DOMAIN).toBe(42);
    expect(errorCodeNames.get(42)).toBe('VIR_ERR_NO_DOMAIN');
    expect(errorDomainNames.get(10)).toBe('VIR_FROM_QEMU');
  });

  it('encodes typed parameters as a discriminated union', () => {
    const p = { field: 'cpu_shares', value: { type: 4 as const, ul: 1024n } };
    expect(decode(remote_typed_param, encode(remote_typed_param, p))).toEqual(p);
  });

  it('encodes rpcgen char arrays as 4-byte ints', () => {
    const v = { model: Array.from({ length: 32 }, (_, i) => i), memory: 1n, cpus: 1, mhz: 1, nodes: 1, sockets: 1, cores: 1, threads: 1 };
    expect(encode(remote_node_get_info_ret, v).length).toBe(32 * 4 + 8 + 6 * 4);
  });

  it('types call() from the table', () => {
    const c = null as unknown as LibvirtClient;
    const dom = { name: 'x', uuid: Buffer.alloc(16), id: 1 };
    // Only type-checked (tsc): the calls are never made.
    const typed = () => {
      expectTypeOf(c.call('DOMAIN_GET_INFO', { dom })).toEqualTypeOf<Promise<remote_domain_get_info_ret>>();
      expectTypeOf(c.call('DOMAIN_DESTROY', { dom })).toEqualTypeOf<Promise<void>>();
      expectTypeOf(c.call('CONNECT_GET_HOSTNAME', undefined)).toEqualTypeOf<Promise<{ hostname: string }>>();
      // @ts-expect-error wrong argument shape
      void c.call('DOMAIN_GET_INFO', { name: 'x' });
    };
    expect(typeof typed).toBe('function');
  });
});
