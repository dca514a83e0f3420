import { describe, expect, it } from 'vitest';
import { DomainXml } from '../domain';
import { fixtureNames, loadFixture } from '../testing';
import { ValidationError } from './issues';
import { assertValidDomain, validateDomain } from './validate';

const paths = (dom: DomainXml): string[] => validateDomain(dom).map((i) => i.path);

describe('validateDomain', () => {
  it.each(fixtureNames().filter((n) => !n.startsWith('golden/')))('accepts corpus fixture %s', (name) => {
    expect(validateDomain(loadFixture(name))).toEqual([]);
  });

  it('reports every problem at once with field paths', () => {
    const dom = loadFixture('linux-server.xml');
    dom.name = 'a/b';
    dom.uuid = 'xyz';
    dom.memory.currentMemoryKiB = dom.memory.memoryKiB! + 1;
    dom.vcpu.current = 9;
    dom.devices.disks.find('vda')!.targetDev = 'sda';
    let err: unknown;
    try {
      assertValidDomain(dom);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const issues = (err as ValidationError).issues.map((i) => i.path);
    expect(issues).toEqual(['name', 'uuid', 'memory.currentMemoryKiB', 'vcpu.current', 'devices.disks[0].targetDev']);
    expect((err as Error).message).toContain("devices.disks[0].targetDev: 'sda' is not a virtio device name");
  });

  it('memory', () => {
    const dom = loadFixture('direct-kernel.xml');
    dom.memory.maxMemoryKiB = 1024;
    expect(paths(dom)).toEqual(['memory.maxMemoryKiB', 'memory.maxMemorySlots']);
    dom.memory.maxMemoryKiB = undefined;
    dom.memory.memoryKiB = 0;
    dom.memory.currentMemoryKiB = 0;
    expect(paths(dom)).toEqual(['memory.memoryKiB', 'memory.currentMemoryKiB']);
    dom.memory.memoryKiB = undefined;
    expect(paths(dom)).toContain('memory.memoryKiB');
  });

  it('vCPUs, topology, pins', () => {
    const dom = loadFixture('linux-server.xml');
    dom.vcpu.count = 0;
    dom.vcpu.current = 0;
    dom.vcpu.cpuset = '4-2';
    expect(paths(dom)).toEqual(expect.arrayContaining(['vcpu.count', 'vcpu.current', 'vcpu.cpuset', 'cpu.topology']));
    dom.vcpu.count = 8;
    dom.vcpu.current = undefined;
    dom.vcpu.cpuset = undefined;
    dom.cpu.topology = { sockets: 2, cores: 4, threads: 2 };
    expect(validateDomain(dom)).toEqual([{ path: 'cpu.topology', message: 'sockets × dies × cores × threads = 16, but the guest has 8 vCPUs' }]);
    dom.cpu.topology = { sockets: 0, cores: 4, threads: 2 };
    expect(paths(dom)).toEqual(['cpu.topology.sockets', 'cpu.topology']);
    dom.cpu.topology = { sockets: 1, cores: 4, threads: 2 };
    dom.cputune.pin(8, '1');
    dom.cputune.pin(0, '1-x');
    dom.cputune.emulatorpin = '';
    dom.numatune.memoryNodeset = '^0';
    expect(paths(dom)).toEqual(['cputune.pins[0].cpuset', 'cputune.pins[8].vcpu', 'cputune.emulatorpin', 'numatune.memoryNodeset']);
  });

  it('duplicate vCPU pins and custom CPU without model', () => {
    const dom = DomainXml.parse(`<domain type='kvm'><name>x</name><memory>1024</memory><vcpu>2</vcpu><cpu mode='custom'/><cputune><vcpupin vcpu='1' cpuset='0'/><vcpupin vcpu='1' cpuset='1'/><vcpupin cpuset='1'/></cputune></domain>`);
    expect(validateDomain(dom).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'cpu.model: custom CPU mode needs a CPU model',
      'cputune.pins[1].vcpu: vCPU 1 is pinned twice',
      'cputune.pins[2].vcpu: vCPU number is missing',
    ]);
  });

  it('os: paths, secure boot needs UEFI and SMM, kernel args need a kernel, boot devices', () => {
    const dom = loadFixture('direct-kernel.xml');
    dom.os.kernel = undefined;
    dom.os.loader = 'OVMF.fd';
    dom.os.secureBoot = true;
    dom.os.bootDevices = ['hd', 'usb'];
    expect(paths(dom)).toEqual(['os.loader', 'os.secureBoot', 'os.kernel', 'os.bootDevices[1]']);
    const win = loadFixture('win11.xml');
    win.features.smm = false;
    expect(paths(win)).toEqual(['features.smm']);
  });

  it('disks: paths, duplicates, iotune', () => {
    const dom = loadFixture('linux-server.xml');
    const [vda, vdb] = dom.devices.disks.all();
    vda!.sourceFile = 'relative.qcow2';
    vdb!.sourceDev = 'dev/sdz';
    vdb!.targetDev = 'vda';
    vda!.readBytesSec = -1;
    vdb!.totalIopsSec = 5;
    const nofile = dom.devices.disks.add({ type: 'file', device: 'disk', targetDev: 'vdc', targetBus: 'virtio' });
    expect(nofile.media).toBeUndefined();
    expect(paths(dom)).toEqual([
      'devices.disks[0].sourceFile',
      'devices.disks[0].readBytesSec',
      'devices.disks[0].totalBytesSec',
      'devices.disks[1].targetDev',
      'devices.disks[1].sourceDev',
      'devices.disks[1].totalIopsSec',
      'devices.disks[2].sourceFile',
    ]);
  });

  it('interfaces: MAC, duplicates, sources, link state', () => {
    const dom = loadFixture('linux-server.xml');
    const [br, net] = dom.devices.interfaces.all();
    br!.mac = '52:54:00:A1:B2:C4';
    br!.sourceBridge = undefined;
    net!.sourceNetwork = undefined;
    net!.linkState = 'sideways' as 'up';
    dom.devices.interfaces.add({ type: 'direct', mac: '03:00:00:00:00:01' });
    expect(paths(dom)).toEqual([
      'devices.interfaces[0].sourceBridge',
      'devices.interfaces[1].mac',
      'devices.interfaces[1].sourceNetwork',
      'devices.interfaces[1].linkState',
      'devices.interfaces[2].mac',
      'devices.interfaces[2].sourceDev',
    ]);
  });

  it('graphics ports, VNC password length, video', () => {
    const dom = loadFixture('direct-kernel.xml');
    const vnc = dom.devices.graphics.find('vnc')!;
    vnc.port = 5800;
    vnc.passwd = '123456789';
    dom.devices.graphics.add({ type: 'spice', port: 70000, tlsPort: 0 });
    const video = dom.devices.videos.find(0)!;
    video.heads = 0;
    video.vram = 0;
    const issues = validateDomain(dom);
    expect(issues.map((i) => i.path)).toEqual(['devices.graphics[0].port', 'devices.graphics[0].passwd', 'devices.graphics[1].port', 'devices.graphics[1].tlsPort', 'devices.videos[0].heads', 'devices.videos[0].vram']);
    expect(JSON.stringify(issues)).not.toContain('123456789');
    vnc.autoport = true;
    expect(paths(dom)).not.toContain('devices.graphics[0].port');
  });

  it('host devices and redirection', () => {
    const dom = loadFixture('passthrough.xml');
    dom.devices.hostdevs.add({ type: 'pci', pciAddress: { domain: 0, bus: 0x0b, slot: 0x20, function: 8 } });
    dom.devices.hostdevs.add({ type: 'usb', usbVendor: 0x046d, usbProduct: 0xc52b });
    dom.devices.hostdevs.add({ type: 'usb', usbVendor: 0x10000 });
    dom.devices.redirdevs.add({ type: 'tcp', sourceHost: 'h' });
    expect(paths(dom)).toEqual([
      'devices.hostdevs[4].pciSlot',
      'devices.hostdevs[4].pciFunction',
      'devices.hostdevs[5]',
      'devices.hostdevs[6].usbVendor',
      'devices.hostdevs[6].usbProduct',
      'devices.redirdevs[0].sourceService',
    ]);
  });

  it('char devices, TPM, RNG, filesystems', () => {
    const dom = loadFixture('linux-server.xml');
    dom.devices.serials.add({ type: 'file', sourcePath: 'serial.log' });
    dom.devices.consoles.add({ type: 'tcp', sourceService: '99999' });
    dom.devices.channels.find(0)!.sourcePath = 'relative.sock';
    dom.devices.tpms.add({ backendType: 'passthrough', backendDevicePath: 'tpm0' });
    dom.devices.rngs.find(0)!.backendDevice = 'urandom';
    dom.devices.filesystems.add({ driverType: 'path', sourceDir: 'x' });
    dom.devices.filesystems.add({ driverType: 'path', sourceDir: '/y', targetDir: 'backups' });
    dom.memory.accessMode = 'private';
    expect(paths(dom)).toEqual([
      'devices.serials[1].sourcePath',
      'devices.consoles[1].sourceService',
      'devices.channels[0].sourcePath',
      'devices.tpms[0].backendDevicePath',
      'devices.rngs[0].backendDevice',
      'devices.filesystems[0].driverType',
      'devices.filesystems[1].sourceDir',
      'devices.filesystems[1].targetDir',
      'devices.filesystems[2].targetDir',
    ]);
  });

  it('boot order: unique, positive, not mixed with <os><boot dev>', () => {
    const dom = loadFixture('win11.xml');
    dom.devices.disks.find('sdc')!.bootOrder = 1;
    dom.devices.interfaces.find(0)!.bootOrder = 0;
    dom.os.bootDevices = ['hd'];
    expect(paths(dom)).toEqual(['devices.disks[2].bootOrder', 'devices.interfaces[0].bootOrder', 'os.bootDevices']);
  });
});
