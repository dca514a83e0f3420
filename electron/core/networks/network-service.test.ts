// Service flows that a healthy daemon rarely shows: start failing after define, and a host without
// an interface driver. A scripted stand-in for LibvirtClient answers the calls.
import { describe, expect, it } from 'vitest';
import { LibvirtError, localError, type LibvirtClient } from '../../libvirt';
import { toErrorInfo } from '../api/api-error';
import { NetworkServiceImpl } from './network-service';

type Handler = (args: unknown) => unknown;

function fakeClient(handlers: Record<string, Handler>): LibvirtClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    call: async (name: string, args: unknown) => {
      calls.push(name);
      const h = handlers[name];
      if (!h) throw new Error(`unexpected call ${name}`);
      return h(args);
    },
  } as unknown as LibvirtClient & { calls: string[] };
}

const net = { name: 'vdtest-x', uuid: Buffer.alloc(16, 1) };
const HOST = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';
const xml = "<network><name>vdtest-x</name><bridge name='vdtbr9'/><ip address='10.213.9.1' prefix='24'/></network>";

describe('NetworkServiceImpl', () => {
  it('keeps the definition and reports when start fails after define', async () => {
    const client = fakeClient({
      CONNECT_LIST_ALL_NETWORKS: () => ({ nets: [], ret: 0 }),
      NETWORK_DEFINE_XML: () => ({ net }),
      NETWORK_SET_AUTOSTART: () => undefined,
      NETWORK_CREATE: () => {
        throw localError('VIR_ERR_OPERATION_FAILED', 'Network is already in use by interface eth0');
      },
      NETWORK_IS_ACTIVE: () => ({ active: 0 }),
      NETWORK_IS_PERSISTENT: () => ({ persistent: 1 }),
      NETWORK_GET_AUTOSTART: () => ({ autostart: 1 }),
      NETWORK_GET_XML_DESC: () => ({ xml }),
    });
    const svc = new NetworkServiceImpl(() => client);
    const res = await svc.define(HOST, { name: 'vdtest-x', mode: 'isolated', bridge: 'vdtbr9', ipv4: { address: '10.213.9.1', prefix: 24 } }, { start: true, autostart: true });
    expect(res.network).toMatchObject({ name: 'vdtest-x', active: false, persistent: true, autostart: true });
    expect(res.problems).toEqual([
      {
        step: 'start',
        code: 'VIR_ERR_OPERATION_FAILED',
        message: 'network "vdtest-x" was defined but could not be started: Network is already in use by interface eth0',
      },
    ]);
    expect(client.calls).not.toContain('NETWORK_UNDEFINE');
  });

  it('validates before it defines anything', async () => {
    const client = fakeClient({
      CONNECT_LIST_ALL_NETWORKS: () => ({ nets: [net], ret: 1 }),
      NETWORK_GET_XML_DESC: () => ({ xml }),
    });
    const svc = new NetworkServiceImpl(() => client);
    const err = await svc.define(HOST, { name: 'other', mode: 'isolated', bridge: 'vdtbr9', ipv4: { address: '10.213.9.77', prefix: 24 } }).catch((e: unknown) => e);
    expect(toErrorInfo(err)).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'network "other" cannot be defined: bridge vdtbr9 is already used by network "vdtest-x"; 10.213.9.0/24 overlaps 10.213.9.0/24 of network "vdtest-x"',
    });
    expect(client.calls).not.toContain('NETWORK_DEFINE_XML');
  });

  it('returns no interfaces with a reason when the host has no interface driver', async () => {
    const client = fakeClient({
      CONNECT_LIST_ALL_INTERFACES: () => {
        throw localError('VIR_ERR_NO_SUPPORT', 'this function is not supported by the connection driver: virConnectListAllInterfaces');
      },
    });
    const svc = new NetworkServiceImpl(() => client, { hostUri: () => 'qemu+ssh://far/system' });
    const res = await svc.hostInterfaces(HOST);
    expect(res.interfaces).toEqual([]);
    expect(res.bridges).toEqual([]);
    expect(res.note).toMatch(/cannot list its interfaces .*not supported.*interface driver/);
    expect(res.note).toMatch(/type the bridge name/);
  });

  it('propagates other libvirt errors unchanged', async () => {
    const client = fakeClient({
      NETWORK_LOOKUP_BY_NAME: () => {
        throw localError('VIR_ERR_NO_NETWORK', "Network not found: no network with matching name 'nope'");
      },
    });
    const svc = new NetworkServiceImpl(() => client);
    const err = await svc.start(HOST, 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect(toErrorInfo(err).code).toBe('VIR_ERR_NO_NETWORK');
  });

  it('maps leases', async () => {
    const client = fakeClient({
      NETWORK_LOOKUP_BY_NAME: () => ({ net }),
      NETWORK_GET_DHCP_LEASES: () => ({
        leases: [
          { iface: 'vdtbr9', expirytime: 1700000000n, type: 0, mac: '52:54:00:00:00:10', iaid: null, ipaddr: '10.213.9.10', prefix: 24, hostname: 'g1', clientid: '01:52:54:00:00:00:10' },
          { iface: 'vdtbr9', expirytime: 1700000100n, type: 1, mac: null, iaid: '5', ipaddr: 'fd00::9', prefix: 64, hostname: null, clientid: null },
        ],
        ret: 2,
      }),
    });
    const svc = new NetworkServiceImpl(() => client);
    expect(await svc.dhcpLeases(HOST, 'vdtest-x')).toEqual([
      { iface: 'vdtbr9', expiresAt: 1700000000000, family: 'ipv4', mac: '52:54:00:00:00:10', ip: '10.213.9.10', prefix: 24, hostname: 'g1', clientId: '01:52:54:00:00:00:10' },
      { iface: 'vdtbr9', expiresAt: 1700000100000, family: 'ipv6', mac: null, ip: 'fd00::9', prefix: 64, hostname: null, clientId: null },
    ]);
  });
});
