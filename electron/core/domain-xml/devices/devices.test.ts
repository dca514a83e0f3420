import { describe, expect, it } from 'vitest';
import { DomainXml } from '../domain';
import { DomainXmlError } from '../errors';
import { serializeElement } from '../xml/serialize';
import { loadFixture } from '../testing';

const BARE = `<domain type='kvm'>\n  <name>t</name>\n</domain>\n`;

describe('disks', () => {
  it('adds a fully specified disk in libvirt order', () => {
    const dom = DomainXml.parse(BARE);
    const d = dom.devices.disks.add({ type: 'file', device: 'disk' });
    d.driverName = 'qemu';
    d.driverType = 'qcow2';
    d.cache = 'writeback';
    d.io = 'threads';
    d.discard = 'unmap';
    d.detectZeroes = 'unmap';
    d.sourceFile = '/var/lib/libvirt/images/t.qcow2';
    d.targetDev = 'vda';
    d.targetBus = 'virtio';
    d.serial = 'SN1';
    d.bootOrder = 1;
    d.readBytesSec = 1000;
    d.writeBytesSec = 2000;
    d.readIopsSec = 10;
    d.writeIopsSec = 20;
    d.shareable = true;
    d.alias = 'ua-disk0';
    d.addressType = 'pci';
    expect(dom.serialize()).toBe(`<domain type='kvm'>
  <name>t</name>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='writeback' io='threads' discard='unmap' detect_zeroes='unmap'/>
      <source file='/var/lib/libvirt/images/t.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <iotune>
        <read_bytes_sec>1000</read_bytes_sec>
        <write_bytes_sec>2000</write_bytes_sec>
        <read_iops_sec>10</read_iops_sec>
        <write_iops_sec>20</write_iops_sec>
      </iotune>
      <shareable/>
      <serial>SN1</serial>
      <boot order='1'/>
      <alias name='ua-disk0'/>
      <address type='pci'/>
    </disk>
  </devices>
</domain>
`);
    expect([d.driverName, d.detectZeroes, d.shareable]).toEqual(['qemu', 'unmap', true]);
    d.totalBytesSec = 5;
    d.totalIopsSec = 6;
    expect([d.totalBytesSec, d.totalIopsSec]).toEqual([5, 6]);
  });

  it('network, volume and block sources', () => {
    const dom = DomainXml.parse(BARE);
    const d = dom.devices.disks.add({ type: 'network', device: 'disk', targetDev: 'sda', targetBus: 'scsi' });
    d.sourceProtocol = 'rbd';
    d.sourceName = 'pool/image';
    d.sourceHost = 'ceph-mon1';
    d.sourcePort = 6789;
    expect(serializeElement(d.el)).toContain(`<source protocol='rbd' name='pool/image'>\n        <host name='ceph-mon1' port='6789'/>\n      </source>`);
    expect([d.sourceProtocol, d.sourceName, d.sourceHost, d.sourcePort]).toEqual(['rbd', 'pool/image', 'ceph-mon1', 6789]);
    const v = dom.devices.disks.add({ type: 'volume', sourcePool: 'default', sourceVolume: 'v1.qcow2', targetDev: 'vdb' });
    expect([v.sourcePool, v.sourceVolume]).toEqual(['default', 'v1.qcow2']);
    const dir = dom.devices.disks.add({ type: 'dir', sourceDir: '/srv/fat', targetDev: 'hdd' });
    expect(dir.sourceDir).toBe('/srv/fat');
  });

  it('CD-ROM media change: insert, swap, eject; tray and startup policy', () => {
    const dom = loadFixture('quirky.xml');
    const cd = dom.devices.disks.find('hdc')!;
    expect(cd.media).toBeUndefined();
    cd.insertMedia('/isos/freedos.iso');
    cd.startupPolicy = 'optional';
    cd.tray = 'closed';
    cd.removable = true;
    expect(serializeElement(cd.el)).toBe(`<disk device="cdrom" type="file">
      <source file="/isos/freedos.iso" startupPolicy="optional"/>
      <target bus="ide" dev="hdc" tray="closed" removable="on"/>
      <readonly/>
      <!-- media ejected -->
    </disk>`);
    expect([cd.startupPolicy, cd.tray, cd.removable]).toEqual(['optional', 'closed', true]);
    cd.eject();
    expect(cd.media).toBeUndefined();
    const host = dom.devices.disks.add({ type: 'block', device: 'cdrom', sourceDev: '/dev/sr0', targetDev: 'hdd', targetBus: 'ide' });
    host.readonly = true;
    host.insertMedia('/isos/b.iso');
    expect([host.type, host.sourceDev, host.sourceFile, host.readonly]).toEqual(['file', undefined, '/isos/b.iso', true]);
    expect(() => dom.devices.disks.add({ device: 'disk', targetDev: 'hde' }).eject()).toThrow(/not removable/);
  });

  it('removes by target dev, alias, index and view; unknown ids throw', () => {
    const dom = loadFixture('win11.xml');
    const disks = dom.devices.disks;
    expect(disks.remove('sdc').targetDev).toBe('sdc');
    expect(disks.remove({ alias: 'sata0-0-1' }).targetDev).toBe('sdb');
    expect(disks.remove(disks.all()[0]!).targetDev).toBe('sda');
    expect(disks.length).toBe(0);
    expect(() => disks.remove('vdz')).toThrow(DomainXmlError);
    expect(() => disks.remove(3)).toThrow(/at index 3/);
    expect(dom.serialize()).toContain(`  <devices>\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n    <controller type='usb'`);
  });
});

describe('interfaces', () => {
  it('adds with a generated unique MAC and switches attachment kinds', () => {
    const dom = loadFixture('linux-server.xml');
    const nic = dom.devices.interfaces.add({ model: 'virtio' });
    nic.attach('network', 'default');
    expect(nic.mac).toMatch(/^52:54:00:/);
    expect(['52:54:00:a1:b2:c3', '52:54:00:a1:b2:c4']).not.toContain(nic.mac);
    nic.attach('bridge', 'br0');
    expect([nic.type, nic.sourceNetwork, nic.sourceBridge]).toEqual(['bridge', undefined, 'br0']);
    nic.attach('direct', 'eno1');
    expect([nic.sourceDev, nic.sourceMode]).toEqual(['eno1', 'vepa']);
    nic.attach('user');
    nic.linkState = 'down';
    nic.bootOrder = 3;
    nic.targetDev = 'vnet9';
    nic.driverName = 'vhost';
    nic.driverQueues = 2;
    nic.mtu = 1500;
    nic.virtualportType = 'openvswitch';
    nic.filterref = 'clean-traffic';
    nic.portgroup = 'pg';
    expect([nic.virtualportType, nic.filterref]).toEqual(['openvswitch', 'clean-traffic']);
    expect(serializeElement(nic.el)).toBe(`<interface type='user'>
      <mac address='${nic.mac}'/>
      <source portgroup='pg'/>
      <virtualport type='openvswitch'/>
      <target dev='vnet9'/>
      <model type='virtio'/>
      <driver name='vhost' queues='2'/>
      <filterref filter='clean-traffic'/>
      <link state='down'/>
      <mtu size='1500'/>
      <boot order='3'/>
    </interface>`);
  });

  it('keeps a caller-provided MAC and removes by MAC case-insensitively', () => {
    const dom = loadFixture('quirky.xml');
    const nic = dom.devices.interfaces.add({ type: 'network', mac: '52:54:00:11:22:33', sourceNetwork: 'default' });
    expect(nic.mac).toBe('52:54:00:11:22:33');
    dom.devices.interfaces.remove('52:54:00:0a:0b:0c');
    expect(dom.devices.interfaces.all().map((n) => n.mac)).toEqual(['52:54:00:11:22:33']);
  });
});

describe('graphics, video, sound, input', () => {
  it('graphics: listen, ports, password and SPICE extras', () => {
    const dom = loadFixture('linux-server.xml');
    const g = dom.devices.graphics.find('vnc')!;
    g.setListen({ type: 'address', address: '127.0.0.1' });
    g.setPort(5901);
    g.passwd = 'new';
    g.passwdValidTo = '2030-01-01T00:00:00';
    g.keymap = 'de';
    expect(serializeElement(g.el)).toBe(`<graphics type='vnc' port='5901' autoport='no' listen='127.0.0.1' passwd='new' passwdValidTo='2030-01-01T00:00:00' keymap='de'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>`);
    expect([g.passwdValidTo, g.keymap]).toEqual(['2030-01-01T00:00:00', 'de']);
    g.setListen({ type: 'none' });
    expect([g.listen, g.listenType, g.listenAddress]).toEqual([undefined, 'none', undefined]);
    g.setListen({ type: 'network', network: 'default' });
    expect(g.listenNetwork).toBe('default');
    g.setListen({ type: 'socket', socket: '/run/vnc.sock' });
    expect(g.listenSocket).toBe('/run/vnc.sock');
    g.setPort('auto');
    expect([g.port, g.autoport]).toEqual([-1, true]);

    const s = dom.devices.graphics.add({ type: 'spice', autoport: true });
    s.tlsPort = 5902;
    s.imageCompression = 'auto_glz';
    s.glEnable = true;
    s.glRendernode = '/dev/dri/renderD128';
    s.copypaste = false;
    s.fileTransfer = false;
    expect([s.glEnable, s.glRendernode, s.copypaste, s.fileTransfer]).toEqual([true, '/dev/dri/renderD128', false, false]);
    expect(s.toJSON()).toMatchObject({ type: 'spice', tlsPort: 5902, glEnable: true, copypaste: false, fileTransfer: false });
    expect(dom.devices.graphics.remove('spice').type).toBe('spice');
  });

  it('video, sound and input', () => {
    const dom = DomainXml.parse(BARE);
    const v = dom.devices.videos.add({ modelType: 'virtio', heads: 2, primary: true });
    v.accel3d = true;
    v.vram = 65536;
    v.ram = 65536;
    v.vgamem = 16384;
    expect(serializeElement(v.el)).toBe(`<video>
      <model type='virtio' heads='2' primary='yes' vram='65536' ram='65536' vgamem='16384'>
        <acceleration accel3d='yes'/>
      </model>
    </video>`);
    const snd = dom.devices.sounds.add({ model: 'ich9', codecType: 'micro', audioId: 1 });
    expect(serializeElement(snd.el)).toContain(`<codec type='micro'/>`);
    expect([v.accel3d, snd.codecType, snd.audioId]).toEqual([true, 'micro', 1]);
    const tab = dom.devices.inputs.add({ type: 'tablet', bus: 'usb' });
    dom.devices.inputs.add({ type: 'evdev', sourceDev: '/dev/input/event3' });
    expect(dom.devices.inputs.find('tablet:usb')?.el).toBe(tab.el);
    dom.devices.inputs.remove('tablet:usb');
    expect(dom.devices.inputs.all().map((i) => i.type)).toEqual(['evdev']);
    expect(dom.devices.sounds.remove(0).model).toBe('ich9');
    expect(dom.devices.videos.remove('virtio').modelType).toBe('virtio');
  });
});

describe('passthrough and redirection', () => {
  it('USB by vendor/product and address, PCI by host address', () => {
    const dom = DomainXml.parse(BARE);
    const usb = dom.devices.hostdevs.add({ type: 'usb', usbVendor: 0x046d, usbProduct: 0xc52b });
    expect(serializeElement(usb.el)).toBe(`<hostdev mode='subsystem' type='usb' managed='yes'>
      <source>
        <vendor id='0x046d'/>
        <product id='0xc52b'/>
      </source>
    </hostdev>`);
    const byAddr = dom.devices.hostdevs.add({ type: 'usb', usbBus: 1, usbDevice: 4, managed: false });
    expect(byAddr.managed).toBe(false);
    const pci = dom.devices.hostdevs.add({ type: 'pci', pciAddress: { domain: 0, bus: 1, slot: 0, function: 1 } });
    pci.romBar = false;
    pci.romFile = '/roms/gpu.rom';
    pci.driverName = 'vfio';
    pci.bootOrder = 2;
    pci.mode = 'subsystem';
    expect(serializeElement(pci.el)).toContain(`<address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>`);
    expect([pci.pciDomain, pci.pciBus, pci.pciSlot, pci.pciFunction]).toEqual([0, 1, 0, 1]);
    expect(pci.driverName).toBe('vfio');
    dom.devices.hostdevs.remove('usb:046d:c52b');
    dom.devices.hostdevs.remove('pci:0000:01:00.1');
    expect(dom.devices.hostdevs.length).toBe(1);
    pci.pciAddress = undefined;
  });

  it('redirdev: spice usbredir by default, tcp with source', () => {
    const dom = DomainXml.parse(BARE);
    const r = dom.devices.redirdevs.add();
    expect(serializeElement(r.el)).toBe(`<redirdev bus='usb' type='spicevmc'/>`);
    const t = dom.devices.redirdevs.add({ type: 'tcp', sourceHost: 'localhost', sourceService: '4000', bootOrder: 1 });
    expect([t.bus, t.sourceHost, t.sourceService, t.bootOrder]).toEqual(['usb', 'localhost', '4000', 1]);
    dom.devices.redirdevs.remove(0);
    expect(dom.devices.redirdevs.all().map((x) => x.type)).toEqual(['tcp']);
  });
});

describe('char devices, watchdog, tpm, rng, filesystem', () => {
  it('serial/console/channel', () => {
    const dom = DomainXml.parse(BARE);
    const s = dom.devices.serials.add({ type: 'tcp', targetPort: 0, targetType: 'isa-serial', targetModel: 'isa-serial' });
    s.sourceMode = 'bind';
    s.sourceHost = '0.0.0.0';
    s.sourceService = '4444';
    s.protocolType = 'telnet';
    s.logFile = '/var/log/s.log';
    s.logAppend = false;
    expect(serializeElement(s.el)).toBe(`<serial type='tcp'>
      <target port='0' type='isa-serial'>
        <model name='isa-serial'/>
      </target>
      <source mode='bind' host='0.0.0.0' service='4444'/>
      <protocol type='telnet'/>
      <log file='/var/log/s.log' append='off'/>
    </serial>`);
    const c = dom.devices.consoles.add({ type: 'file', sourcePath: '/tmp/c.log', targetType: 'virtio', targetPort: 1 });
    expect(c.sourcePath).toBe('/tmp/c.log');
    const ch = dom.devices.channels.add({ type: 'unix', targetType: 'virtio', targetName: 'org.qemu.guest_agent.0' });
    ch.targetState = 'disconnected';
    expect(dom.devices.channels.find('org.qemu.guest_agent.0')?.targetState).toBe('disconnected');
    dom.devices.serials.remove('0');
    dom.devices.consoles.remove('1');
    dom.devices.channels.remove('org.qemu.guest_agent.0');
    expect(dom.serialize()).toBe(`<domain type='kvm'>\n  <name>t</name>\n  <devices/>\n</domain>\n`);
  });

  it('watchdog, TPM, RNG', () => {
    const dom = DomainXml.parse(BARE);
    dom.devices.watchdogs.add({ model: 'i6300esb', action: 'reset' });
    const tpm = dom.devices.tpms.add({ model: 'tpm-tis', backendType: 'passthrough', backendDevicePath: '/dev/tpm0' });
    tpm.backendVersion = '2.0';
    tpm.persistentState = true;
    expect(tpm.persistentState).toBe(true);
    const rng = dom.devices.rngs.add({ model: 'virtio', backendModel: 'random', backendDevice: '/dev/urandom' });
    rng.rateBytes = 2048;
    rng.ratePeriod = 500;
    expect(dom.serialize()).toBe(`<domain type='kvm'>
  <name>t</name>
  <devices>
    <tpm model='tpm-tis'>
      <backend type='passthrough' version='2.0' persistent_state='yes'>
        <device path='/dev/tpm0'/>
      </backend>
    </tpm>
    <watchdog model='i6300esb' action='reset'/>
    <rng model='virtio'>
      <backend model='random'>/dev/urandom</backend>
      <rate bytes='2048' period='500'/>
    </rng>
  </devices>
</domain>
`);
    dom.devices.watchdogs.remove('i6300esb');
    dom.devices.tpms.remove('tpm-tis');
    dom.devices.rngs.remove('/dev/urandom');
    expect(dom.devices.rngs.length + dom.devices.tpms.length + dom.devices.watchdogs.length).toBe(0);
  });

  it('virtiofs filesystem', () => {
    const dom = loadFixture('linux-server.xml');
    const fs = dom.devices.filesystems.add({ driverType: 'virtiofs', accessmode: 'passthrough', sourceDir: '/srv/share/media', targetDir: 'media' });
    fs.readonly = true;
    fs.binaryPath = '/usr/libexec/virtiofsd';
    expect(serializeElement(fs.el)).toBe(`<filesystem type='mount' accessmode='passthrough'>
      <driver type='virtiofs'/>
      <binary path='/usr/libexec/virtiofsd'/>
      <source dir='/srv/share/media'/>
      <target dir='media'/>
      <readonly/>
    </filesystem>`);
    // Lands right after the existing filesystem, before the NICs.
    expect(dom.serialize()).toMatch(/<target dir='backups'\/>[\s\S]*<target dir='media'\/>[\s\S]*<interface type='bridge'>/);
    dom.devices.filesystems.remove('backups');
    expect(dom.devices.filesystems.all().map((f) => f.targetDir)).toEqual(['media']);
  });

  it('controllers are listed read-only', () => {
    const dom = loadFixture('passthrough.xml');
    const scsi = dom.devices.controllers.find('scsi:0')!;
    expect([scsi.type, scsi.index, scsi.model, scsi.ports]).toEqual(['scsi', 0, 'virtio-scsi', undefined]);
    expect(() => {
      (scsi as { index: number | undefined }).index = 3;
    }).toThrow(/read-only/);
    expect(dom.devices.controllers.length).toBe(2);
  });

  it('views print without secrets', async () => {
    const { inspect } = await import('node:util');
    const g = loadFixture('win11.xml').devices.graphics.find(0)!;
    expect(inspect(g)).toContain("passwd");
    expect(inspect(g)).not.toContain('s3cr3t');
  });
});
