// Networks service against the real daemon: the test driver for list/define/errors, and the QEMU
// driver for a real isolated network (bridge, dnsmasq) that hands a DHCP lease to a veth client in
// a private network namespace. Nothing routes or forwards outside; everything is removed afterwards.
import { execFileSync } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSpec } from '../../../preload/contract/networks';
import { connect, type LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { NetworkServiceImpl } from './network-service';

const HOST = randomUUID();
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const quiet = (cmd: string, ...args: string[]) => {
  try {
    run(cmd, ...args);
  } catch {
    /* already gone */
  }
};
const netList = (uri: string) =>
  run('virsh', '-c', uri, 'net-list', '--all')
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function removeNetwork(uri: string, name: string) {
  cleanups.push(() => {
    quiet('virsh', '-c', uri, 'net-destroy', name);
    quiet('virsh', '-c', uri, 'net-undefine', name);
  });
}

describe('networks (test driver)', () => {
  const URI = 'test+unix:///default';
  let client: LibvirtClient;
  let svc: NetworkServiceImpl;
  beforeAll(async () => {
    client = await connect(URI);
    svc = new NetworkServiceImpl(() => client);
  });
  afterAll(() => client.close());

  it('lists networks like virsh', async () => {
    const nets = await svc.list(HOST);
    const def = nets.find((n) => n.name === 'default');
    expect(def).toMatchObject({ hostId: HOST, mode: 'nat', active: true, persistent: true, bridge: 'virbr0', ipv4: { address: '192.168.122.1', prefix: 24 } });
    expect(def!.uuid).toBe(run('virsh', '-c', URI, 'net-uuid', 'default').trim());
  });

  it('defines with autostart, starts, stops and undefines', async () => {
    const name = `vdtest-${randomUUID().slice(0, 8)}`;
    removeNetwork(URI, name);
    const res = await svc.define(HOST, { name, mode: 'nat', bridge: 'vdtbr7', ipv4: { address: '10.213.7.1', prefix: 24, dhcp: { start: '10.213.7.10', end: '10.213.7.99' } } }, { start: true, autostart: true });
    expect(res.problems).toEqual([]);
    expect(res.network).toMatchObject({ name, active: true, persistent: true, autostart: true, bridge: 'vdtbr7', mode: 'nat' });
    expect(await svc.xml(HOST, name)).toMatch(/<range start='10.213.7.10' end='10.213.7.99'/);
    await svc.setAutostart(HOST, name, false);
    await svc.stop(HOST, name);
    expect(await svc.get(HOST, name)).toMatchObject({ active: false, autostart: false });
    await svc.undefine(HOST, name);
    await expect(svc.get(HOST, name)).rejects.toMatchObject({ codeName: 'VIR_ERR_NO_NETWORK' });
  });

  it('refuses overlaps with existing networks and bad input, listing every problem, and changes nothing', async () => {
    const before = netList(URI);
    const err = await svc
      .define(HOST, {
        name: 'default',
        mode: 'nat',
        bridge: 'virbr0',
        ipv4: { address: '192.168.122.50', prefix: 25, dhcp: { start: '192.168.122.10', end: '192.168.200.1' }, hosts: [{ mac: 'nope', ip: '192.168.122.9' }] },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('INVALID_ARGUMENT');
    for (const m of [/"default" already exists/, /bridge virbr0 is already used/, /overlaps 192.168.122.0\/24 of network "default"/, /end 192.168.200.1 is outside/, /MAC "nope"/]) {
      expect((err as Error).message).toMatch(m);
    }
    await expect(svc.previewXml(HOST, { name: 'x', mode: 'isolated', ipv4: { address: '192.168.122.200', prefix: 24 } })).rejects.toThrow(/overlaps/);
    expect(netList(URI)).toEqual(before);
  });

  it('lists host interfaces (test driver has eth1), and local bridges only for local URIs', async () => {
    const sys = mkdtempSync(path.join(tmpdir(), 'vdtest-sysnet-'));
    cleanups.push(() => rmSync(sys, { recursive: true, force: true }));
    mkdirSync(path.join(sys, 'br-fake', 'bridge'), { recursive: true });
    mkdirSync(path.join(sys, 'eth9'), { recursive: true });
    const local = new NetworkServiceImpl(() => client, { hostUri: () => 'qemu:///system', sysClassNet: sys });
    const res = await local.hostInterfaces(HOST);
    expect(res.interfaces).toContainEqual({ name: 'eth1', mac: 'aa:bb:cc:dd:ee:ff', type: 'ethernet', active: true });
    expect(res.bridges).toEqual(['br-fake']);
    const remote = new NetworkServiceImpl(() => client, { hostUri: () => 'qemu+ssh://root@far.example/system', sysClassNet: sys });
    expect((await remote.hostInterfaces(HOST)).bridges).toEqual([]);
  });
});

describe('isolated network on qemu:///system', () => {
  const URI = 'qemu:///system';
  let client: LibvirtClient;
  let svc: NetworkServiceImpl;
  beforeAll(async () => {
    client = await connect(URI);
    svc = new NetworkServiceImpl(() => client, { hostUri: () => URI });
  });
  afterAll(() => client.close());

  it('defines, starts, hands out a DHCP lease, stops and undefines', async () => {
    const tag = String(randomInt(1000, 9999));
    const name = `vdtest-iso-${tag}`;
    const bridge = `vdtbr${tag}`;
    const octet = randomInt(100, 250);
    const subnet = `10.213.${octet}`;
    const mac = '52:54:00:d7:00:01';
    removeNetwork(URI, name);
    const spec: NetworkSpec = {
      name,
      mode: 'isolated',
      bridge,
      domain: 'vdtest.internal',
      ipv4: { address: `${subnet}.1`, prefix: 24, dhcp: { start: `${subnet}.100`, end: `${subnet}.150` }, hosts: [{ mac, ip: `${subnet}.42`, name: 'fixed' }] },
    };
    const before = netList(URI);
    const res = await svc.define(HOST, spec, { start: true });
    expect(res.problems).toEqual([]);
    expect(res.network).toMatchObject({ active: true, persistent: true, autostart: false, bridge, mode: 'isolated' });

    const listed = netList(URI).find((l) => l.startsWith(`${name} `));
    expect(listed).toBe(`${name} active no yes`);
    const xml = run('virsh', '-c', URI, 'net-dumpxml', name);
    expect(xml).not.toMatch(/<forward/);
    expect(xml).toMatch(new RegExp(`<bridge name='${bridge}'`));
    expect(xml).toMatch(new RegExp(`<ip address='${subnet}.1' prefix='24'>`));
    expect(xml).toMatch(new RegExp(`<host mac='${mac}' name='fixed' ip='${subnet}.42'/>`));
    expect(run('ip', '-4', 'addr', 'show', bridge)).toContain(`${subnet}.1/24`);
    expect((await svc.hostInterfaces(HOST)).bridges).toContain(bridge);

    // A DHCP client in a private namespace, on a veth whose other end joins the bridge.
    const ns = `vdtest-ns-${tag}`;
    const [va, vb] = [`vdtv${tag}a`, `vdtv${tag}b`];
    cleanups.push(() => {
      quiet('ip', 'link', 'del', va);
      quiet('ip', 'netns', 'del', ns);
    });
    run('ip', 'netns', 'add', ns);
    run('ip', 'link', 'add', va, 'type', 'veth', 'peer', 'name', vb);
    run('ip', 'link', 'set', vb, 'netns', ns);
    run('ip', 'link', 'set', va, 'master', bridge, 'up');
    run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', vb, 'address', mac, 'up');
    run('ip', 'netns', 'exec', ns, 'busybox', 'udhcpc', '-i', vb, '-n', '-q', '-t', '10', '-T', '1', '-s', '/bin/true', '-x', 'hostname:vdguest');
    let leases = await svc.dhcpLeases(HOST, name);
    for (let i = 0; i < 20 && leases.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      leases = await svc.dhcpLeases(HOST, name);
    }
    expect(leases).toHaveLength(1);
    expect(leases[0]).toMatchObject({ iface: bridge, family: 'ipv4', mac, ip: `${subnet}.42`, prefix: 24 });
    expect(leases[0]!.expiresAt).toBeGreaterThan(Date.now());

    await svc.stop(HOST, name);
    expect(netList(URI).find((l) => l.startsWith(`${name} `))).toBe(`${name} inactive no yes`);
    await svc.undefine(HOST, name);
    expect(netList(URI)).toEqual(before);
  });

  it('bad input changes nothing', async () => {
    const before = netList(URI);
    const err = await svc
      .define(HOST, { name: 'vdtest-bad', mode: 'bridge', bridge: 'vdtbr-way-too-long-name', ipv4: { address: '10.213.1.1', prefix: 24 } }, { start: true })
      .catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('INVALID_ARGUMENT');
    expect((err as Error).message).toMatch(/longer than 15 characters.*no addresses or DHCP/);
    expect(netList(URI)).toEqual(before);
  });
});
