// Config edits against a private libvirtd's test driver: every ConfigChange kind round trips
// through one validated redefine, checked with `virsh dumpxml --inactive`; bad values and libvirt
// refusals leave the definition byte-for-byte unchanged.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigChange } from '../../../preload/contract/hardware';
import { connect, type LibvirtClient } from '../../libvirt';
import { startPrivateDaemon, type PrivateDaemon } from '../testing/private-daemon';
import { HardwareOperations } from './hardware-service';

let daemon: PrivateDaemon;
let client: LibvirtClient;
let hw: HardwareOperations;
let logged: string[];
const HOST = '11111111-2222-4333-8444-555555555555';
const vsh = (...a: string[]) => execFileSync('virsh', ['-c', daemon.uri, ...a], { encoding: 'utf8' }).trim();
const dumpxml = (name: string) => vsh('dumpxml', '--inactive', '--security-info', name);

function define(name: string, devices = ''): string {
  const file = path.join(os.tmpdir(), `${name}.xml`);
  writeFileSync(
    file,
    `<domain type='test'><name>${name}</name><memory unit='MiB'>512</memory><currentMemory unit='MiB'>512</currentMemory><vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
  <devices>
    <disk type='file' device='disk'><source file='/guest/a.img'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
    <interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/><model type='virtio'/></interface>
    <graphics type='vnc' autoport='yes' passwd='secret1'><listen type='address' address='127.0.0.1'/></graphics>
    <video><model type='vga'/></video>
    ${devices}
  </devices></domain>`,
  );
  vsh('define', file);
  return vsh('domuuid', name);
}

beforeAll(async () => {
  daemon = await startPrivateDaemon();
  client = await connect(daemon.uri);
  logged = [];
  hw = new HardwareOperations(() => client, (l) => logged.push(l));
});
afterAll(async () => {
  await client?.close().catch(() => undefined);
  await daemon?.dispose();
});

async function apply(uuid: string, changes: ConfigChange[]) {
  const r = await hw.applyChanges(HOST, uuid, changes);
  if (r.status !== 'applied') throw new Error(`not applied: ${JSON.stringify(r)}`);
  return r;
}

describe('getConfig', () => {
  it('reads the definition into the read model, with host topology and no password', async () => {
    const uuid = define('vdtest-hw-read', `<sound model='ich9'/><input type='tablet' bus='usb'/><watchdog model='i6300esb' action='reset'/>`);
    const c = await hw.getConfig(HOST, uuid);
    expect(c.running).toBe(false);
    expect(c.general).toEqual({ name: 'vdtest-hw-read', title: null, description: null });
    expect(c.memory).toEqual({ currentKiB: 524288, maxKiB: 524288, hugepages: false });
    expect(c.vcpus).toMatchObject({ max: 2, current: 2, mode: null, topology: null });
    expect(c.pinning.host.cells.length).toBe(2);
    expect(c.pinning.host.cpuCount).toBe(16);
    expect(c.boot).toMatchObject({ firmware: 'bios', secureBoot: false, order: ['hd'], orderStyle: 'legacy', directKernel: null });
    const ids = c.devices.map((d) => d.id);
    // The test driver adds no default PS/2 inputs; the qemu driver would.
    expect(ids).toEqual(['disk:vda', 'disk:sda', 'nic:52:54:00:00:00:01', 'graphics:vnc', 'video:vga', 'sound:ich9', 'input:tablet:usb', 'watchdog:i6300esb']);
    const g = c.devices.find((d) => d.kind === 'graphics');
    expect(g?.props).toEqual({ type: 'vnc', listen: { type: 'address', address: '127.0.0.1' }, port: 'auto', hasPassword: true });
    expect(JSON.stringify(c)).not.toContain('secret1');
    const cd = c.devices.find((d) => d.id === 'disk:sda');
    expect(cd).toMatchObject({ kind: 'disk', props: { device: 'cdrom', bus: 'sata', readonly: true }, summary: 'CD-ROM sda (sata): empty' });
  });

  it('shows where a running VM differs from its definition', async () => {
    const uuid = vsh('domuuid', 'test');
    const r = await hw.applyChanges(HOST, uuid, [{ kind: 'memory', currentKiB: 1048576 }]);
    expect(r).toMatchObject({ status: 'applied' });
    const c = await hw.getConfig(HOST, uuid);
    expect(c.running).toBe(true);
    expect(c.memory.currentKiB).toBe(1048576);
  });
});

describe('applyChanges round trips (dumpxml --inactive)', () => {
  it('general, memory, vcpus, cpu, pin', async () => {
    const uuid = define('vdtest-hw-dom');
    const r = await apply(uuid, [
      { kind: 'general', title: 'Web server', description: 'first\nsecond' },
      { kind: 'memory', maxKiB: 2097152, currentKiB: 1048576, hugepages: true },
      { kind: 'vcpus', max: 4, current: 2 },
      { kind: 'cpu', mode: 'custom', model: 'Skylake-Client', topology: { sockets: 1, cores: 2, threads: 2 } },
      { kind: 'pin', vcpu: 0, cpuset: '0-1' },
      { kind: 'pin', vcpu: 3, cpuset: '4,6' },
    ]);
    expect(r.outcomes.map((o) => o.effect)).toEqual(['saved', 'saved', 'saved', 'saved', 'saved', 'saved']);
    const x = dumpxml('vdtest-hw-dom');
    expect(x).toContain('<title>Web server</title>');
    expect(x).toContain('<description>first\nsecond</description>');
    expect(x).toContain("<memory unit='KiB'>2097152</memory>");
    expect(x).toContain("<currentMemory unit='KiB'>1048576</currentMemory>");
    expect(x).toMatch(/<memoryBacking>\s*<hugepages\/>\s*<\/memoryBacking>/);
    expect(x).toContain("<vcpu placement='static' current='2'>4</vcpu>");
    expect(x).toContain("<vcpupin vcpu='0' cpuset='0-1'/>");
    expect(x).toContain("<vcpupin vcpu='3' cpuset='4,6'/>");
    expect(x).toMatch(/<cpu mode='custom' match='exact'( check='[a-z]+')?>\s*<model fallback='[a-z]+'>Skylake-Client<\/model>\s*<topology sockets='1' dies='1' cores='2' threads='2'\/>/);
    expect(r.diff).toContain("+  <title>Web server</title>");
    expect(logged.join('\n')).toContain('redefining vdtest-hw-dom');
    const c = await hw.getConfig(HOST, uuid);
    expect(c.vcpus).toMatchObject({ max: 4, current: 2, mode: 'custom', model: 'Skylake-Client' });
    expect(c.pinning.pins).toEqual([
      { vcpu: 0, cpuset: '0-1' },
      { vcpu: 3, cpuset: '4,6' },
    ]);
    await apply(uuid, [
      { kind: 'pin', vcpu: 3, cpuset: null },
      { kind: 'general', title: null },
      { kind: 'cpu', mode: 'host-passthrough', topology: null },
    ]);
    const y = dumpxml('vdtest-hw-dom');
    expect(y).not.toContain("vcpu='3'");
    expect(y).not.toContain('<title>');
    expect(y).toMatch(/<cpu mode='host-passthrough'/);
    expect(y).not.toContain('Skylake');
  });

  it('boot: per-device order, menu, direct kernel, UEFI', async () => {
    const uuid = define('vdtest-hw-boot');
    await apply(uuid, [{ kind: 'boot', order: ['nic:52:54:00:00:00:01', 'disk:vda'], bootMenu: true, directKernel: { kernel: '/boot/vmlinuz', initrd: '/boot/initrd.img', cmdline: 'console=ttyS0' } }]);
    const x = dumpxml('vdtest-hw-boot');
    expect(x).not.toContain("<boot dev='hd'/>");
    expect(x).toMatch(/<interface type='network'>[\s\S]*<boot order='1'\/>[\s\S]*<\/interface>/);
    expect(x).toMatch(/<target dev='vda' bus='virtio'\/>\s*<boot order='2'\/>/);
    expect(x).toContain("<bootmenu enable='yes'/>");
    expect(x).toContain('<kernel>/boot/vmlinuz</kernel>');
    expect(x).toContain('<cmdline>console=ttyS0</cmdline>');
    const c = await hw.getConfig(HOST, uuid);
    expect(c.boot).toMatchObject({ order: ['nic:52:54:00:00:00:01', 'disk:vda'], orderStyle: 'devices', bootMenu: true, directKernel: { kernel: '/boot/vmlinuz' } });
    await apply(uuid, [{ kind: 'boot', directKernel: null, bootMenu: false, firmware: 'efi', secureBoot: true }]);
    const y = dumpxml('vdtest-hw-boot');
    expect(y).not.toContain('<kernel>');
    expect(y).toContain("firmware='efi'");
    expect(y).toContain("<feature enabled='yes' name='secure-boot'/>");
    expect(y).toMatch(/<smm state='on'\/>/);
    expect((await hw.getConfig(HOST, uuid)).boot).toMatchObject({ firmware: 'efi', secureBoot: true });
  });

  it('adds one device of every kind', async () => {
    const uuid = define('vdtest-hw-add', `<controller type='usb' model='qemu-xhci'/>`);
    const r = await apply(uuid, [
      { kind: 'add-device', device: { kind: 'disk', props: { device: 'disk', source: '/guest/b.qcow2', bus: 'virtio', format: 'qcow2', cache: 'none', io: 'native', discard: 'unmap', iotune: { readBytesSec: 1000000, writeIopsSec: 50 } } } },
      { kind: 'add-device', device: { kind: 'disk', props: { device: 'disk', source: '/dev/sdz', sourceType: 'block', bus: 'scsi', target: 'sdc', shareable: true, readonly: false } } },
      { kind: 'add-device', device: { kind: 'nic', props: { type: 'bridge', source: 'br0', model: 'e1000', linkState: 'down' } } },
      { kind: 'add-device', device: { kind: 'graphics', props: { type: 'spice', listen: { type: 'address', address: '0.0.0.0' }, port: 5930, password: 'pw' } } },
      { kind: 'add-device', device: { kind: 'video', props: { model: 'virtio', heads: 2 } } },
      { kind: 'add-device', device: { kind: 'sound', props: { model: 'ich9' } } },
      { kind: 'add-device', device: { kind: 'input', props: { type: 'tablet', bus: 'usb' } } },
      { kind: 'add-device', device: { kind: 'hostdev', props: { type: 'usb', vendor: 0x046d, product: 0xc52b } } },
      { kind: 'add-device', device: { kind: 'redirdev', props: { type: 'spicevmc' } } },
      { kind: 'add-device', device: { kind: 'serial', props: { type: 'pty', port: 0 } } },
      { kind: 'add-device', device: { kind: 'console', props: { type: 'pty', targetType: 'serial', port: 0 } } },
      { kind: 'add-device', device: { kind: 'channel', props: { type: 'unix', path: '/run/vdtest-ga.sock', mode: 'bind', targetType: 'virtio', name: 'org.qemu.guest_agent.0' } } },
      { kind: 'add-device', device: { kind: 'watchdog', props: { model: 'i6300esb', action: 'poweroff' } } },
      { kind: 'add-device', device: { kind: 'tpm', props: { model: 'tpm-crb', backend: 'emulator', version: '2.0' } } },
      { kind: 'add-device', device: { kind: 'rng', props: { model: 'virtio', backend: 'random', device: '/dev/urandom' } } },
      { kind: 'add-device', device: { kind: 'filesystem', props: { driver: 'virtiofs', source: '/srv/share', target: 'share', readonly: false } } },
    ]);
    expect(r.outcomes).toHaveLength(16);
    const x = dumpxml('vdtest-hw-add');
    expect(x).toMatch(/<driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'\/>\s*<source file='\/guest\/b.qcow2'\/>\s*<target dev='vdb' bus='virtio'\/>\s*<iotune>\s*<read_bytes_sec>1000000<\/read_bytes_sec>\s*<write_iops_sec>50<\/write_iops_sec>/);
    expect(x).toMatch(/<disk type='block' device='disk'>[\s\S]*<source dev='\/dev\/sdz'\/>\s*<target dev='sdc' bus='scsi'\/>\s*<shareable\/>/);
    expect(x).toMatch(/<interface type='bridge'>\s*<mac address='52:54:00:[0-9a-f:]{8}'\/>\s*<source bridge='br0'\/>\s*(<target dev='\w+'\/>\s*)?<model type='e1000'\/>\s*<link state='down'\/>/);
    expect(x).toMatch(/<graphics type='spice' port='5930' autoport='no' listen='0.0.0.0' passwd='pw'>/);
    expect(x).toMatch(/<model type='virtio' heads='2'/);
    expect(x).toContain("<sound model='ich9'");
    expect(x).toContain("<input type='tablet' bus='usb'");
    expect(x).toMatch(/<hostdev mode='subsystem' type='usb' managed='yes'>\s*<source>\s*<vendor id='0x046d'\/>\s*<product id='0xc52b'\/>/);
    expect(x).toContain("<redirdev bus='usb' type='spicevmc'");
    expect(x).toMatch(/<serial type='pty'>\s*<target (type='isa-serial' )?port='0'/);
    expect(x).toContain("<target type='virtio' name='org.qemu.guest_agent.0'/>");
    expect(x).toContain("<watchdog model='i6300esb' action='poweroff'");
    expect(x).toMatch(/<tpm model='tpm-crb'>\s*<backend type='emulator' version='2.0'/);
    expect(x).toMatch(/<rng model='virtio'>\s*<backend model='random'>\/dev\/urandom<\/backend>/);
    expect(x).toMatch(/<filesystem type='mount' accessmode='passthrough'>\s*<driver type='virtiofs'\/>\s*<source dir='\/srv\/share'\/>\s*<target dir='share'\/>/);
    expect(x).toMatch(/<access mode='shared'\/>/);
    const c = await hw.getConfig(HOST, uuid);
    expect(c.devices.map((d) => d.kind)).toEqual(expect.arrayContaining(['disk', 'nic', 'graphics', 'video', 'sound', 'input', 'hostdev', 'redirdev', 'serial', 'console', 'channel', 'watchdog', 'tpm', 'rng', 'filesystem']));
    expect(c.devices.find((d) => d.id === 'disk:vdb')?.props).toMatchObject({ iotune: { readBytesSec: 1000000, writeIopsSec: 50 }, format: 'qcow2', cache: 'none' });
  });

  it('updates, changes media and removes devices; untouched passwords survive', async () => {
    const uuid = define('vdtest-hw-upd', `<sound model='ich9'/>`);
    await apply(uuid, [
      { kind: 'update-device', id: 'disk:vda', device: { kind: 'disk', props: { cache: 'writeback', readonly: true, bootOrder: 1, iotune: { totalIopsSec: 100 } } } },
      { kind: 'change-media', id: 'disk:sda', path: '/isos/debian.iso' },
      { kind: 'update-device', id: 'nic:52:54:00:00:00:01', device: { kind: 'nic', props: { linkState: 'down', model: 'e1000', type: 'bridge', source: 'br1' } } },
      { kind: 'update-device', id: 'video:vga', device: { kind: 'video', props: { model: 'qxl', vramKiB: 65536 } } },
      { kind: 'remove-device', id: 'sound:ich9' },
    ]);
    const x = dumpxml('vdtest-hw-upd');
    expect(x).toMatch(/<driver cache='writeback'\/>/);
    expect(x).toMatch(/<iotune>\s*<total_iops_sec>100<\/total_iops_sec>\s*<\/iotune>\s*<readonly\/>\s*<boot order='1'\/>/);
    expect(x).toMatch(/<disk type='file' device='cdrom'>\s*<source file='\/isos\/debian.iso'\/>\s*<target dev='sda' bus='sata'\/>/);
    expect(x).toMatch(/<interface type='bridge'>\s*<mac address='52:54:00:00:00:01'\/>\s*<source bridge='br1'\/>\s*(<target dev='\w+'\/>\s*)?<model type='e1000'\/>\s*<link state='down'\/>/);
    expect(x).toMatch(/<model type='qxl' (ram='\d+' )?vram='65536'/);
    expect(x).not.toContain('<sound');
    expect(x).toContain("passwd='secret1'");
    await apply(uuid, [
      { kind: 'change-media', id: 'disk:sda', path: null },
      { kind: 'update-device', id: 'graphics:vnc', device: { kind: 'graphics', props: { password: 'newpw', port: 5905 } } },
      { kind: 'update-device', id: 'disk:vda', device: { kind: 'disk', props: { iotune: null } } },
    ]);
    const y = dumpxml('vdtest-hw-upd');
    expect(y).not.toContain('debian.iso');
    expect(y).not.toContain('<iotune>');
    expect(y).toContain("<graphics type='vnc' port='5905' autoport='no' listen='127.0.0.1' passwd='newpw'>");
    expect(logged.join('\n')).not.toContain('newpw');
  });

  it('previewChanges returns the masked diff and defines nothing', async () => {
    const uuid = define('vdtest-hw-prev');
    const before = dumpxml('vdtest-hw-prev');
    const r = await hw.previewChanges(HOST, uuid, [{ kind: 'update-device', id: 'graphics:vnc', device: { kind: 'graphics', props: { password: 'zz' } } }]);
    expect(r.status).toBe('preview');
    expect(r.status === 'preview' && r.diff).toContain("passwd='***changed***'");
    expect(JSON.stringify(r)).not.toContain('zz');
    expect(dumpxml('vdtest-hw-prev')).toBe(before);
  });
});

describe('refusals leave the definition unchanged', () => {
  it('reports every invalid value at once with its path', async () => {
    const uuid = define('vdtest-hw-bad');
    const before = dumpxml('vdtest-hw-bad');
    const r = await hw.applyChanges(HOST, uuid, [
      { kind: 'memory', currentKiB: 0 },
      { kind: 'vcpus', max: 2.5 },
      { kind: 'pin', vcpu: 0, cpuset: '3-1' },
      { kind: 'add-device', device: { kind: 'disk', props: { device: 'disk', source: 'relative.img', bus: 'virtio', target: 'sda' } } },
      { kind: 'update-device', id: 'disk:vdz', device: { kind: 'disk', props: { cache: 'none' } } },
      { kind: 'update-device', id: 'nic:52:54:00:00:00:01', device: { kind: 'nic', props: { mac: '01:00:5e:00:00:01' } } },
      { kind: 'change-media', id: 'disk:vda', path: '/x.iso' },
      { kind: 'update-device', id: 'graphics:vnc', device: { kind: 'graphics', props: { port: 70000 } } },
    ]);
    expect(r.status).toBe('invalid');
    const paths = r.status === 'invalid' ? r.issues.map((i) => i.path) : [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'changes[0].currentKiB',
        'changes[1].max',
        'changes[4].id',
        'changes[6].id',
        'changes[7].device.props.port',
      ]),
    );
    expect(dumpxml('vdtest-hw-bad')).toBe(before);
  });

  it('cross-field problems found on the staged definition point at the change', async () => {
    const uuid = define('vdtest-hw-bad2');
    const before = dumpxml('vdtest-hw-bad2');
    const r = await hw.applyChanges(HOST, uuid, [
      { kind: 'memory', currentKiB: 9999999 },
      { kind: 'pin', vcpu: 0, cpuset: '3-1' },
      { kind: 'add-device', device: { kind: 'disk', props: { device: 'disk', source: 'relative.img', bus: 'virtio', target: 'sda' } } },
      { kind: 'update-device', id: 'nic:52:54:00:00:00:01', device: { kind: 'nic', props: { mac: '01:00:5e:00:00:01' } } },
    ]);
    expect(r.status).toBe('invalid');
    const issues = r.status === 'invalid' ? r.issues : [];
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['changes[0].currentKiB', 'changes[1].cpuset', 'changes[2].device.props.target', 'changes[2].device.props.source', 'changes[3].device.props.mac']),
    );
    expect(issues.every((i) => typeof i.change === 'number')).toBe(true);
    expect(dumpxml('vdtest-hw-bad2')).toBe(before);
  });

  it("returns libvirt's message when it refuses the definition", async () => {
    const uuid = define('vdtest-hw-rej');
    const before = dumpxml('vdtest-hw-rej');
    // Passes our checks but not libvirt's schema: a watchdog model libvirt does not know.
    const r = await hw.applyChanges(HOST, uuid, [{ kind: 'add-device', device: { kind: 'watchdog', props: { model: 'no-such-model', action: 'reset' } } }]);
    expect(r).toMatchObject({ status: 'rejected', code: expect.stringMatching(/^VIR_ERR_/), message: expect.stringMatching(/.+/) });
    expect(dumpxml('vdtest-hw-rej')).toBe(before);
  });
});

describe('live reads on the test driver', () => {
  it('vCPU pin info and guest agent state', async () => {
    const uuid = vsh('domuuid', 'test');
    const pins = await hw.vcpuPinInfo(HOST, uuid);
    expect(pins.length).toBe(2);
    expect(pins[0]?.cpus.length).toBeGreaterThan(0);
    const g = await hw.guestInfo(HOST, uuid);
    expect(['connected', 'not-connected']).toContain(g.agent.state);
    const off = define('vdtest-hw-off');
    expect((await hw.guestInfo(HOST, off)).agent).toEqual({ state: 'not-running' });
  });
});
