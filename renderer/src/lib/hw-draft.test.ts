import { describe, expect, it } from 'vitest';
import type { VmConfig } from '../../../preload/contract/hardware';
import { buildChanges, cloneDraft, issueField, makeDraft, validateDraft } from './hw-draft';
import { toggleCells } from './cpuset';

const config: VmConfig = {
  uuid: 'u',
  running: false,
  general: { name: 'vm', title: null, description: null },
  memory: { currentKiB: 524288, maxKiB: 1048576, hugepages: false },
  vcpus: { max: 2, current: 2, mode: null, model: null, topology: null },
  pinning: { pins: [], emulatorpin: null, host: { cells: [{ id: 0, memoryKiB: null, cpus: [0, 1, 2, 3].map((id) => ({ id, socket: 0, core: id, siblings: null })) }], cpuCount: 4 } },
  boot: { firmware: 'bios', secureBoot: false, bootMenu: false, order: ['hd'], orderStyle: 'legacy', directKernel: null },
  devices: [
    { id: 'disk:vda', kind: 'disk', summary: 'Disk vda', props: { device: 'disk', source: '/a.img', sourceType: 'file', bus: 'virtio', target: 'vda', readonly: false, shareable: false, iotune: {} } },
    { id: 'disk:sda', kind: 'disk', summary: 'CD-ROM sda', props: { device: 'cdrom', bus: 'sata', target: 'sda', readonly: true, shareable: false, iotune: {} } },
    { id: 'nic:52:54:00:00:00:01', kind: 'nic', summary: 'NIC', props: { type: 'network', source: 'default', mac: '52:54:00:00:00:01', model: 'virtio', linkState: 'up' } },
    { id: 'graphics:vnc', kind: 'graphics', summary: 'VNC', props: { type: 'vnc', listen: { type: 'address', address: '127.0.0.1' }, port: 'auto', hasPassword: true } },
  ],
  live: [],
};

describe('hardware draft', () => {
  it('no edits, no changes; legacy boot order maps to devices', () => {
    const base = makeDraft(config);
    expect(base.boot.order).toEqual(['disk:vda']);
    expect(buildChanges(base, cloneDraft(base))).toEqual([]);
  });

  it('builds device updates, media changes, adds, removes, memory and pins', () => {
    const base = makeDraft(config);
    const e = cloneDraft(base);
    const dev = (id: string) => e.devices.find((d) => d.id === id)!;
    dev('disk:vda').props.cache = 'none';
    dev('disk:vda').props.readonly = true;
    (dev('disk:vda').props.iotune as Record<string, number>).readBytesSec = 1000;
    dev('disk:sda').props.source = '/isos/x.iso';
    dev('nic:52:54:00:00:00:01').props.linkState = 'down';
    dev('graphics:vnc').props.password = 'pw';
    e.devices.push({ id: 'new#1', kind: 'sound', summary: 'Sound', isNew: true, removed: false, props: { model: 'ich9' } });
    e.memory.currentMiB = 1024;
    e.pins = toggleCells(e.pins, 1, 3, [0, 1, 2, 3]);
    e.devices.find((d) => d.id === 'nic:52:54:00:00:00:01')!.removed = false;
    const changes = buildChanges(base, e).map((b) => b.change);
    expect(changes).toEqual([
      { kind: 'memory', currentKiB: 1048576 },
      { kind: 'pin', vcpu: 1, cpuset: '3' },
      { kind: 'update-device', id: 'disk:vda', device: { kind: 'disk', props: { cache: 'none', readonly: true, iotune: { readBytesSec: 1000 } } } },
      { kind: 'change-media', id: 'disk:sda', path: '/isos/x.iso' },
      { kind: 'update-device', id: 'nic:52:54:00:00:00:01', device: { kind: 'nic', props: { linkState: 'down' } } },
      { kind: 'update-device', id: 'graphics:vnc', device: { kind: 'graphics', props: { password: 'pw' } } },
      { kind: 'add-device', device: { kind: 'sound', props: { model: 'ich9' } } },
    ]);
  });

  it('clears optional values with null; eject sends null; remove and boot order', () => {
    const base = makeDraft({ ...config, devices: config.devices.map((d) => (d.id === 'disk:sda' ? { ...d, props: { ...d.props, source: '/old.iso' } } : d)) as VmConfig['devices'] });
    const e = cloneDraft(base);
    e.devices[0]!.props.format = 'raw';
    const b2 = cloneDraft(e);
    b2.devices[0]!.props.format = '';
    b2.devices[1]!.props.source = '';
    b2.devices[2]!.removed = true;
    b2.boot.order = ['disk:sda', 'disk:vda'];
    const changes = buildChanges(e, b2).map((b) => b.change);
    expect(changes).toEqual([
      { kind: 'boot', order: ['disk:sda', 'disk:vda'] },
      { kind: 'update-device', id: 'disk:vda', device: { kind: 'disk', props: { format: null } } },
      { kind: 'change-media', id: 'disk:sda', path: null },
      { kind: 'remove-device', id: 'nic:52:54:00:00:00:01' },
    ]);
  });

  it('maps core issues back to form fields', () => {
    const base = makeDraft(config);
    const e = cloneDraft(base);
    e.memory.currentMiB = 2048;
    e.devices[2]!.props.mac = '01:00:5e:00:00:01';
    e.devices[1]!.props.source = 'rel.iso';
    const built = buildChanges(base, e);
    expect(issueField({ path: 'changes[0].currentKiB', message: '' }, built)).toBe('memory.currentMiB');
    expect(issueField({ path: 'changes[1].path', message: '' }, built)).toBe('disk:sda.source');
    expect(issueField({ path: 'changes[2].device.props.mac', message: '' }, built)).toBe('nic:52:54:00:00:00:01.mac');
    expect(issueField({ path: 'changes[2].id', message: '' }, built)).toBe('nic:52:54:00:00:00:01');
    expect(issueField({ path: 'devices', message: '' }, built)).toBeNull();
  });

  it('validates before asking the core', () => {
    const d = cloneDraft(makeDraft(config));
    expect(validateDraft(d, 4).size).toBe(0);
    d.memory.currentMiB = 4096;
    d.devices[2]!.props.mac = 'zz:54:00:00:00:01';
    d.vcpus.current = 3;
    d.pins = new Map([[0, new Set([9])]]);
    d.cpu.topology = true;
    d.cpu.sockets = 1;
    d.cpu.cores = 3;
    const e = validateDraft(d, 4);
    expect(e.get('memory.currentMiB')).toMatch(/cannot exceed/);
    expect(e.get('nic:52:54:00:00:00:01.mac')).toMatch(/MAC address/);
    expect(e.get('vcpus.current')).toMatch(/maximum/);
    expect(e.get('pin.0')).toMatch(/does not exist/);
    d.devices[2]!.props.mac = '01:00:5e:00:00:01';
    expect(validateDraft(d, 4).get('nic:52:54:00:00:00:01.mac')).toMatch(/multicast/);
  });
});
