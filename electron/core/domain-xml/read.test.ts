import { describe, expect, it } from 'vitest';
import { hostdevKey } from './devices/hostdev';
import { loadFixture } from './testing';

describe('typed reads from the corpus', () => {
  it('win11: UEFI, secure boot, hyperv, SATA CD-ROMs, TPM, SPICE', () => {
    const dom = loadFixture('win11.xml');
    expect([dom.type, dom.name, dom.title, dom.description, dom.uuid]).toEqual(['kvm', 'win11', 'Windows 11 Pro', 'Office desktop & Teams testing', '3b8c9f0e-2d4a-4c1b-9e7f-6a5d4c3b2a19']);
    expect([dom.emulator, dom.clockOffset, dom.onPoweroff, dom.onReboot, dom.onCrash]).toEqual(['/usr/bin/qemu-system-x86_64', 'localtime', 'destroy', 'restart', 'destroy']);
    expect(dom.memory.toJSON()).toEqual({ memoryKiB: 8388608, currentMemoryKiB: 8388608, hugepages: false, locked: false });
    expect(dom.vcpu.toJSON()).toEqual({ count: 4, placement: 'static' });
    expect(dom.cpu.topology).toEqual({ sockets: 1, dies: 1, cores: 2, threads: 2 });
    expect([dom.cpu.mode, dom.cpu.check, dom.cpu.migratable]).toEqual(['host-passthrough', 'none', true]);
    const os = dom.os;
    expect([os.firmware, os.type, os.arch, os.machine, os.secureBoot, os.enrolledKeys, os.bootMenu]).toEqual(['efi', 'hvm', 'x86_64', 'pc-q35-8.2', true, true, true]);
    expect([os.loader, os.loaderReadonly, os.loaderSecure, os.loaderType]).toEqual(['/usr/share/OVMF/OVMF_CODE_4M.ms.fd', true, true, 'pflash']);
    expect([os.nvram, os.nvramTemplate]).toEqual(['/var/lib/libvirt/qemu/nvram/win11_VARS.fd', '/usr/share/OVMF/OVMF_VARS_4M.ms.fd']);
    expect(os.bootDevices).toEqual([]);
    const f = dom.features;
    expect([f.acpi, f.apic, f.pae, f.smm, f.vmport, f.hypervMode, f.hypervSpinlockRetries, f.hypervVendorId]).toEqual([true, true, false, true, false, 'custom', 8191, 'KVM Hv']);
    expect([f.hypervRelaxed, f.hypervVapic, f.hypervSpinlocks, f.hypervVpindex, f.hypervRuntime, f.hypervSynic, f.hypervStimer, f.hypervReset, f.hypervFrequencies, f.hypervTlbflush, f.hypervIpi]).toEqual(Array(11).fill(true));
    const [hd, cd1, cd2] = dom.devices.disks.all();
    expect([hd?.device, hd?.targetBus, hd?.driverType, hd?.discard, hd?.bootOrder, hd?.alias, hd?.addressType]).toEqual(['disk', 'sata', 'qcow2', 'unmap', 1, 'sata0-0-0', 'drive']);
    expect([cd1?.isRemovable, cd1?.media, cd1?.readonly, cd1?.bootOrder]).toEqual([true, '/var/lib/libvirt/isos/Win11_23H2_English_x64.iso', true, 2]);
    expect(cd2?.media).toBe('/var/lib/libvirt/isos/virtio-win-0.1.240.iso');
    const nic = dom.devices.interfaces.find('52:54:00:6B:3C:58');
    expect([nic?.type, nic?.sourceNetwork, nic?.model, nic?.targetDev]).toEqual(['network', 'default', 'e1000e', 'vnet2']);
    expect(dom.devices.controllers.all().map((c) => `${c.type}:${c.index}:${c.model ?? ''}`)).toEqual([
      'usb:0:qemu-xhci',
      'pci:0:pcie-root',
      'pci:1:pcie-root-port',
      'pci:2:pcie-root-port',
      'pci:3:pcie-root-port',
      'sata:0:',
      'virtio-serial:0:',
    ]);
    expect(dom.devices.controllers.find('usb:0')?.ports).toBe(15);
    const g = dom.devices.graphics.find('spice')!;
    expect([g.type, g.port, g.autoport, g.listen, g.listenType, g.listenAddress, g.imageCompression]).toEqual(['spice', 5900, true, '127.0.0.1', 'address', '127.0.0.1', 'off']);
    expect(g.passwd).toBe('s3cr3t-Spice');
    expect(g.toJSON().passwd).toBe('***');
    expect(JSON.stringify(g)).not.toContain('s3cr3t');
    const v = dom.devices.videos.find(0)!;
    expect([v.modelType, v.ram, v.vram, v.vgamem, v.heads, v.primary]).toEqual(['qxl', 65536, 65536, 16384, 1, true]);
    expect(dom.devices.sounds.find('ich9')?.model).toBe('ich9');
    expect(dom.devices.inputs.all().map((i) => `${i.type}:${i.bus}`)).toEqual(['tablet:usb', 'mouse:ps2', 'keyboard:ps2']);
    const tpm = dom.devices.tpms.find(0)!;
    expect([tpm.model, tpm.backendType, tpm.backendVersion]).toEqual(['tpm-crb', 'emulator', '2.0']);
    expect(dom.devices.redirdevs.all().map((r) => `${r.bus}/${r.type}/${r.alias}`)).toEqual(['usb/spicevmc/redir0', 'usb/spicevmc/redir1']);
    expect(dom.devices.watchdogs.find('itco')?.action).toBe('reset');
    const ser = dom.devices.serials.find('0')!;
    expect([ser.type, ser.sourcePath, ser.targetType, ser.targetPort, ser.targetModel]).toEqual(['pty', '/dev/pts/4', 'isa-serial', 0, 'isa-serial']);
    expect(dom.devices.consoles.find(0)?.targetType).toBe('serial');
    const ch = dom.devices.channels.find('com.redhat.spice.0')!;
    expect([ch.type, ch.targetState]).toEqual(['spicevmc', 'connected']);
  });

  it('linux server: iotune, NICs, chardevs, virtiofs, pinning, hugepages, numatune', () => {
    const dom = loadFixture('linux-server.xml');
    expect(dom.memory.memoryKiB).toBe(32 * 1024 * 1024);
    const m = dom.memory;
    expect([m.hugepages, m.hugepageSizeKiB, m.sourceType, m.accessMode]).toEqual([true, 2048, 'memfd', 'shared']);
    expect(dom.vcpu.cpuset).toBe('2-9');
    expect(dom.cputune.pins.map((p) => [p.vcpu, p.cpuset])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, String(i + 2)]));
    expect(dom.cputune.emulatorpin).toBe('0-1');
    expect([dom.numatune.memoryMode, dom.numatune.memoryNodeset]).toEqual(['strict', '0']);
    expect(dom.os.bootDevices).toEqual(['hd', 'network']);
    const vda = dom.devices.disks.find('vda')!;
    expect([vda.cache, vda.io, vda.totalBytesSec, vda.totalIopsSec, vda.readBytesSec, vda.serial]).toEqual(['none', 'native', 209715200, 5000, undefined, 'db01-root']);
    const vdb = dom.devices.disks.find('vdb')!;
    expect([vdb.type, vdb.sourceDev, vdb.media, vdb.readBytesSec, vdb.writeBytesSec, vdb.readIopsSec, vdb.writeIopsSec]).toEqual(['block', '/dev/vg_fast/db01-data', '/dev/vg_fast/db01-data', 524288000, 314572800, 20000, 10000]);
    const [br, net] = dom.devices.interfaces.all();
    expect([br?.type, br?.sourceBridge, br?.driverName, br?.driverQueues, br?.mtu]).toEqual(['bridge', 'br-prod', 'vhost', 4, 9000]);
    expect([net?.sourceNetwork, net?.portgroup, net?.linkState]).toEqual(['backup-net', 'bulk', 'up']);
    const ser = dom.devices.serials.find(0)!;
    expect([ser.logFile, ser.logAppend]).toEqual(['/var/log/libvirt/qemu/db01-serial0.log', true]);
    const ga = dom.devices.channels.find('org.qemu.guest_agent.0')!;
    expect([ga.type, ga.sourceMode, ga.sourcePath]).toEqual(['unix', 'bind', '/run/libvirt/qemu/channel/db01/org.qemu.guest_agent.0']);
    const fs = dom.devices.filesystems.find('backups')!;
    expect([fs.type, fs.accessmode, fs.driverType, fs.sourceDir, fs.binaryPath, fs.readonly]).toEqual(['mount', 'passthrough', 'virtiofs', '/srv/share/backups', '/usr/libexec/virtiofsd', false]);
    const rng = dom.devices.rngs.find('/dev/urandom')!;
    expect([rng.model, rng.backendModel, rng.rateBytes, rng.ratePeriod]).toEqual(['virtio', 'random', 1024, 1000]);
    expect(dom.devices.watchdogs.find(0)?.model).toBe('i6300esb');
    expect(dom.devices.graphics.find('vnc')?.port).toBe(-1);
  });

  it('passthrough: PCI and USB hostdevs, evdev input, hidden KVM', () => {
    const dom = loadFixture('passthrough.xml');
    const hd = dom.devices.hostdevs;
    expect(hd.all().map(hostdevKey)).toEqual(['pci:0000:0b:00.0', 'pci:0000:0b:00.1', 'usb:046d:c52b', undefined]);
    const gpu = hd.find('pci:0000:0b:00.0')!;
    expect([gpu.mode, gpu.managed, gpu.romBar, gpu.romFile]).toEqual(['subsystem', true, true, '/usr/share/vgabios/rx6800.rom']);
    expect(gpu.pciAddress).toEqual({ domain: 0, bus: 0x0b, slot: 0, function: 0 });
    const byAddr = hd.find(3)!;
    expect([byAddr.managed, byAddr.usbBus, byAddr.usbDevice, byAddr.pciAddress]).toEqual([false, 3, 7, undefined]);
    expect(dom.devices.inputs.find('evdev:')?.sourceDev).toBe('/dev/input/by-id/usb-Logitech_G502-event-mouse');
    expect([dom.features.kvmHidden, dom.features.hypervMode, dom.features.ioapicDriver]).toEqual([true, 'passthrough', 'kvm']);
    expect([dom.memory.hugepages, dom.memory.hugepageSizeKiB, dom.memory.locked]).toEqual([true, undefined, true]);
    expect([dom.cpu.cacheMode, dom.cpu.migratable]).toEqual(['passthrough', false]);
    const nic = dom.devices.interfaces.find(0)!;
    expect([nic.type, nic.sourceDev, nic.sourceMode]).toEqual(['direct', 'enp5s0', 'bridge']);
    expect(dom.devices.videos.find('none')).toBeDefined();
  });

  it('direct kernel boot', () => {
    const dom = loadFixture('direct-kernel.xml');
    const os = dom.os;
    expect([os.kernel, os.initrd, os.cmdline, os.dtb]).toEqual(['/home/dev/linux/arch/x86/boot/bzImage', '/home/dev/initramfs.cpio.gz', 'console=ttyS0 root=/dev/vda rw nokaslr "quoted" loglevel=8', undefined]);
    expect([dom.memory.memoryKiB, dom.memory.currentMemoryKiB]).toEqual([2097152, 1572864]);
    expect([dom.vcpu.count, dom.vcpu.current]).toEqual([4, 2]);
    expect([dom.cpu.mode, dom.cpu.model, dom.cpu.modelFallback, dom.cpu.match, dom.cpu.topology]).toEqual(['custom', 'Skylake-Client-IBRS', 'forbid', 'exact', undefined]);
    const tcp = dom.devices.serials.find('1')!;
    expect([tcp.type, tcp.sourceHost, tcp.sourceService, tcp.protocolType]).toEqual(['tcp', '127.0.0.1', '4555', 'telnet']);
    expect(dom.devices.graphics.find(0)?.autoport).toBe(false);
  });

  it('quirky: entities, CDATA, odd quoting', () => {
    const dom = loadFixture('quirky.xml');
    expect(dom.title).toBe('Odd <one> & "quotes"');
    expect(dom.description).toBe('Multi-line\nnotes with <markup> that is not XML');
    expect(dom.memory.currentMemoryKiB).toBe(512 * 1024);
    expect(dom.os.bootDevices).toEqual(['cdrom', 'hd']);
    expect([dom.os.bootMenu, dom.os.bootMenuTimeout]).toEqual([true, 3000]);
    expect(dom.devices.disks.find('hdc')?.media).toBeUndefined();
    expect(dom.devices.interfaces.find('52:54:00:0a:0b:0c')?.model).toBe('rtl8139');
  });
});
