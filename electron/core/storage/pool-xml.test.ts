import { describe, expect, it } from 'vitest';
import type { PoolSpec } from '../../../preload/contract/storage';
import { ApiError } from '../api/api-error';
import { buildPoolXml, poolSpecProblems, readPoolXml } from './pool-xml';
import { planVolume, readVolumeXml } from './volume-xml';
import { at, attr, children, parseXml, text } from './xml-util';

const UUID = '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87';

function parse(spec: PoolSpec) {
  const root = parseXml(buildPoolXml(spec));
  return { root, source: at(root, 'source') };
}

describe('pool XML builders', () => {
  it('dir', () => {
    const { root } = parse({ type: 'dir', name: 'images', targetPath: '/var/lib/virtdeck/images' });
    expect(root.tagName).toBe('pool');
    expect(attr(root, 'type')).toBe('dir');
    expect(text(at(root, 'name'))).toBe('images');
    expect(text(at(root, 'target', 'path'))).toBe('/var/lib/virtdeck/images');
    expect(at(root, 'source')).toBeUndefined();
  });

  it('fs', () => {
    const { root, source } = parse({ type: 'fs', name: 'fs1', sourceDevice: '/dev/sdb1', format: 'ext4', targetPath: '/mnt/fs1' });
    expect(attr(root, 'type')).toBe('fs');
    expect(attr(at(source, 'device'), 'path')).toBe('/dev/sdb1');
    expect(attr(at(source, 'format'), 'type')).toBe('ext4');
    expect(text(at(root, 'target', 'path'))).toBe('/mnt/fs1');
    // default format
    expect(attr(at(parse({ type: 'fs', name: 'f', sourceDevice: '/dev/vdb', targetPath: '/mnt/x' }).source, 'format'), 'type')).toBe('auto');
  });

  it('netfs (NFS with protocol version)', () => {
    const { root, source } = parse({
      type: 'netfs',
      name: 'nfs',
      host: 'nas.example.com',
      sourceDir: '/export/vms',
      format: 'nfs',
      protocolVersion: '4.1',
      targetPath: '/mnt/nfs',
    });
    expect(attr(root, 'type')).toBe('netfs');
    expect(attr(at(source, 'host'), 'name')).toBe('nas.example.com');
    expect(attr(at(source, 'dir'), 'path')).toBe('/export/vms');
    expect(attr(at(source, 'format'), 'type')).toBe('nfs');
    expect(attr(at(source, 'protocol'), 'ver')).toBe('4.1');
    expect(text(at(root, 'target', 'path'))).toBe('/mnt/nfs');
  });

  it('logical, with physical volumes and default target', () => {
    const { root, source } = parse({ type: 'logical', name: 'vg0', sourceDevices: ['/dev/sdc', '/dev/sdd'] });
    expect(attr(root, 'type')).toBe('logical');
    expect(text(at(source, 'name'))).toBe('vg0');
    expect(children(source!, 'device').map((d) => attr(d, 'path'))).toEqual(['/dev/sdc', '/dev/sdd']);
    expect(attr(at(source, 'format'), 'type')).toBe('lvm2');
    expect(text(at(root, 'target', 'path'))).toBe('/dev/vg0');
    const other = parse({ type: 'logical', name: 'pool', sourceName: 'HostVG' });
    expect(text(at(other.source, 'name'))).toBe('HostVG');
    expect(text(at(other.root, 'target', 'path'))).toBe('/dev/HostVG');
  });

  it('iscsi with CHAP by secret UUID and initiator', () => {
    const { root, source } = parse({
      type: 'iscsi',
      name: 'san',
      host: '192.0.2.10',
      port: 3260,
      target: 'iqn.2013-06.com.example:storage',
      initiatorIqn: 'iqn.2024-01.org.virtdeck:host1',
      auth: { username: 'chapuser', secretUuid: UUID.toUpperCase() },
    });
    expect(attr(root, 'type')).toBe('iscsi');
    expect(attr(at(source, 'host'), 'name')).toBe('192.0.2.10');
    expect(attr(at(source, 'host'), 'port')).toBe('3260');
    expect(attr(at(source, 'device'), 'path')).toBe('iqn.2013-06.com.example:storage');
    expect(attr(at(source, 'auth'), 'type')).toBe('chap');
    expect(attr(at(source, 'auth'), 'username')).toBe('chapuser');
    expect(attr(at(source, 'auth', 'secret'), 'uuid')).toBe(UUID);
    expect(attr(at(source, 'initiator', 'iqn'), 'name')).toBe('iqn.2024-01.org.virtdeck:host1');
    expect(text(at(root, 'target', 'path'))).toBe('/dev/disk/by-path');
  });

  it('rbd with several monitors and cephx; no target', () => {
    const { root, source } = parse({
      type: 'rbd',
      name: 'ceph',
      sourceName: 'libvirt-pool',
      hosts: [{ name: 'mon1.example.com', port: 6789 }, { name: '2001:db8::5' }],
      auth: { username: 'libvirt', secretUuid: UUID },
    });
    expect(attr(root, 'type')).toBe('rbd');
    expect(text(at(source, 'name'))).toBe('libvirt-pool');
    const hosts = children(source!, 'host');
    expect(hosts.map((h) => attr(h, 'name'))).toEqual(['mon1.example.com', '2001:db8::5']);
    expect(hosts.map((h) => attr(h, 'port'))).toEqual(['6789', undefined]);
    expect(attr(at(source, 'auth'), 'type')).toBe('ceph');
    expect(attr(at(source, 'auth', 'secret'), 'uuid')).toBe(UUID);
    expect(at(root, 'target')).toBeUndefined();
  });

  it('disk', () => {
    const { root, source } = parse({ type: 'disk', name: 'sdb', sourceDevice: '/dev/sdb', format: 'gpt' });
    expect(attr(root, 'type')).toBe('disk');
    expect(attr(at(source, 'device'), 'path')).toBe('/dev/sdb');
    expect(attr(at(source, 'format'), 'type')).toBe('gpt');
    expect(text(at(root, 'target', 'path'))).toBe('/dev');
  });

  it('escapes what the user typed', () => {
    // a name with markup never gets this far (names are checked), but paths may hold & and quotes
    const xml = buildPoolXml({ type: 'dir', name: 'p', targetPath: '/srv/a&b"c<d' });
    expect(text(at(parseXml(xml), 'target', 'path'))).toBe('/srv/a&b"c<d');
  });

  it('reads the facts back', () => {
    const facts = readPoolXml(buildPoolXml({ type: 'netfs', name: 'n', host: 'h', sourceDir: '/e', targetPath: '/mnt/n' }));
    expect(facts).toEqual({ type: 'netfs', targetPath: '/mnt/n', sourceDevices: [], sourceHosts: ['h'], sourceDir: '/e', sourceName: null });
  });
});

describe('pool validation', () => {
  it('accepts good specs', () => {
    expect(poolSpecProblems({ type: 'dir', name: 'default', targetPath: '/var/lib/libvirt/images' })).toEqual([]);
    expect(poolSpecProblems({ type: 'netfs', name: 'share', host: 'fs', sourceDir: 'vms', format: 'cifs', targetPath: '/mnt/s' })).toEqual([]);
  });

  it('lists every problem at once', () => {
    const spec: PoolSpec = { type: 'dir', name: 'bad/name', targetPath: 'relative/path' };
    expect(poolSpecProblems(spec)).toHaveLength(2);
    try {
      buildPoolXml(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe('INVALID_ARGUMENT');
      expect((e as ApiError).message).toMatch(/pool name "bad\/name"/);
      expect((e as ApiError).message).toMatch(/not an absolute path/);
    }
  });

  it.each<[PoolSpec, RegExp[]]>([
    [{ type: 'dir', name: 'x', targetPath: '/var/lib/../images/' }, [/not normalised.*"\/var\/images"/]],
    [{ type: 'dir', name: 'x', targetPath: '/' }, [/cannot be \//]],
    [{ type: 'dir', name: '', targetPath: '/a' }, [/pool name is empty/]],
    [{ type: 'fs', name: 'x', sourceDevice: 'sdb1', targetPath: '/mnt' }, [/source device "sdb1" is not an absolute path/]],
    [{ type: 'fs', name: 'x', sourceDevice: '/home/sdb1', targetPath: '/mnt' }, [/not a device/]],
    [
      { type: 'netfs', name: 'x', host: 'bad host!', sourceDir: 'export', targetPath: 'mnt', protocolVersion: 'v4' },
      [/server "bad host!"/, /exported directory "export"/, /mount point "mnt"/, /NFS version "v4"/],
    ],
    [{ type: 'netfs', name: 'x', host: '300.1.1.1', sourceDir: '/e', targetPath: '/m' }, [/not a valid IPv4 address/]],
    [{ type: 'netfs', name: 'x', host: 'h', sourceDir: '/e', format: 'cifs', targetPath: '/m' }, [/share name "\/e"/]],
    [{ type: 'logical', name: 'vg', sourceDevices: ['/dev/sdc', '/dev/sdc', 'sdd'] }, [/listed twice/, /physical volume "sdd"/]],
    [
      { type: 'iscsi', name: 'x', host: 'h', port: 70000, target: 'storage', auth: { username: 'u', secretUuid: 'hunter2' } },
      [/iSCSI port 70000/, /iSCSI target "storage"/, /CHAP secret "hunter2" is not a UUID/],
    ],
    [{ type: 'rbd', name: 'x', hosts: [], sourceName: 'p/q', auth: { username: '', secretUuid: UUID } }, [/at least one Ceph monitor/, /Ceph pool name/, /cephx user name is empty/]],
    [{ type: 'disk', name: 'x', sourceDevice: '/dev/sdb', format: 'zfs' as never }, [/partition table "zfs"/]],
  ])('%j', (spec, messages) => {
    const problems = poolSpecProblems(spec);
    expect(problems).toHaveLength(messages.length);
    for (const m of messages) expect(problems.some((p) => m.test(p)), `${m} in ${JSON.stringify(problems)}`).toBe(true);
  });
});

describe('volume XML', () => {
  it('qcow2 in a dir pool', () => {
    const plan = planVolume({ name: 'disk1.qcow2', format: 'qcow2', capacity: '10G' }, 'dir');
    const root = parseXml(plan.xml);
    expect(text(at(root, 'name'))).toBe('disk1.qcow2');
    expect(text(at(root, 'capacity'))).toBe(String(10 * 2 ** 30));
    expect(attr(at(root, 'capacity'), 'unit')).toBe('bytes');
    expect(text(at(root, 'allocation'))).toBe('0');
    expect(readVolumeXml(plan.xml).format).toBe('qcow2');
    expect(plan.flags).toBe(0);
  });

  it('preallocation', () => {
    const full = planVolume({ name: 'r.img', format: 'raw', capacity: '1 MiB', preallocation: 'full' }, 'dir');
    expect(text(at(parseXml(full.xml), 'allocation'))).toBe('1048576');
    expect(planVolume({ name: 'q', format: 'qcow2', capacity: 1024, preallocation: 'metadata' }, 'dir').flags).toBe(1);
  });

  it('refuses bad requests with every reason', () => {
    expect(() => planVolume({ name: 'a/b', format: 'qcow2', capacity: '10 XB', preallocation: 'metadata' }, 'logical')).toThrow(
      /volume name "a\/b".*; a logical pool only holds raw volumes, not qcow2; capacity "10 XB": unknown unit/,
    );
    expect(() => planVolume({ name: 'z', format: 'raw', capacity: '0' }, 'dir')).toThrow(/more than 0 bytes/);
    expect(() => planVolume({ name: 'z', format: 'raw', capacity: '1G', preallocation: 'metadata' }, 'dir')).toThrow(/needs the qcow2/);
  });
});
