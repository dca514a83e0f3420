import { describe, expect, it } from 'vitest';
import { DomainXml } from './domain';
import { loadFixture } from './testing';

const MINIMAL = `<domain type='kvm'>\n  <name>t</name>\n  <devices>\n  </devices>\n</domain>\n`;

describe('editing domain-level settings', () => {
  it('general: name, title, description, uuid, lifecycle, clock, emulator', () => {
    const dom = DomainXml.parse(MINIMAL);
    dom.type = 'qemu';
    dom.name = 'renamed';
    dom.uuid = '11111111-2222-3333-4444-555555555555';
    dom.title = 'A & B';
    dom.description = 'multi\nline';
    dom.clockOffset = 'utc';
    dom.onPoweroff = 'destroy';
    dom.onReboot = 'restart';
    dom.onCrash = 'coredump-destroy';
    dom.emulator = '/usr/bin/qemu-system-x86_64';
    expect(dom.serialize()).toBe(
      `<domain type='qemu'>
  <name>renamed</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <title>A &amp; B</title>
  <description>multi
line</description>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>coredump-destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
  </devices>
</domain>
`,
    );
    dom.title = undefined;
    dom.description = undefined;
    expect(dom.serialize()).not.toMatch(/title|description/);
  });

  it('memory: sizes in KiB, hotplug limit, backing', () => {
    const dom = DomainXml.parse(MINIMAL);
    const m = dom.memory;
    m.setRam(4194304);
    m.maxMemoryKiB = 16777216;
    m.maxMemorySlots = 16;
    m.hugepages = true;
    m.hugepageSizeKiB = 1048576;
    m.locked = true;
    m.sourceType = 'memfd';
    m.accessMode = 'shared';
    expect(dom.serialize()).toBe(`<domain type='kvm'>
  <name>t</name>
  <maxMemory unit='KiB' slots='16'>16777216</maxMemory>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>4194304</currentMemory>
  <memoryBacking>
    <hugepages>
      <page size='1048576' unit='KiB'/>
    </hugepages>
    <locked/>
    <source type='memfd'/>
    <access mode='shared'/>
  </memoryBacking>
  <devices>
  </devices>
</domain>
`);
    m.hugepages = false;
    m.locked = false;
    m.sourceType = undefined;
    m.accessMode = undefined;
    m.maxMemoryKiB = undefined;
    m.maxMemorySlots = undefined;
    expect(dom.serialize()).not.toMatch(/memoryBacking|maxMemory/);
  });

  it('vcpu and CPU: counts, placement, mode, model, topology', () => {
    const dom = loadFixture('direct-kernel.xml');
    dom.vcpu.count = 8;
    dom.vcpu.current = 6;
    dom.vcpu.placement = 'static';
    dom.vcpu.cpuset = '0-7,^3';
    expect(dom.serialize()).toContain(`<vcpu placement='static' current='6' cpuset='0-7,^3'>8</vcpu>`);
    expect(dom.vcpu.placement).toBe('static');
    const cpu = dom.cpu;
    cpu.setMode('host-passthrough');
    expect(cpu.model).toBeUndefined();
    cpu.check = 'none';
    cpu.migratable = true;
    cpu.cacheMode = 'passthrough';
    cpu.topology = { sockets: 2, dies: 1, cores: 2, threads: 2 };
    expect(dom.serialize()).toContain(`  <cpu mode='host-passthrough' check='none' migratable='on'>
    <topology sockets='2' dies='1' cores='2' threads='2'/>
    <cache mode='passthrough'/>
  </cpu>`);
    cpu.topology = undefined;
    cpu.cacheMode = undefined;
    cpu.setMode('custom', 'EPYC');
    cpu.modelFallback = 'allow';
    expect(dom.serialize()).toContain(`<cpu mode='custom' check='none' migratable='on' match='exact'>\n    <model fallback='allow'>EPYC</model>\n  </cpu>`);
    cpu.match = 'minimum';
    expect(cpu.match).toBe('minimum');
  });

  it('cputune: pin, repin, unpin, clear; emulatorpin, shares, numatune', () => {
    const dom = DomainXml.parse(MINIMAL);
    const tune = dom.cputune;
    tune.pin(0, '2');
    tune.pin(1, '3');
    tune.pin(0, '4-5');
    tune.emulatorpin = '0-1';
    tune.shares = 2048;
    tune.period = 100000;
    tune.quota = 50000;
    dom.numatune.memoryMode = 'preferred';
    dom.numatune.memoryNodeset = '1';
    expect(dom.serialize()).toContain(`  <cputune>
    <vcpupin vcpu='0' cpuset='4-5'/>
    <vcpupin vcpu='1' cpuset='3'/>
    <emulatorpin cpuset='0-1'/>
    <shares>2048</shares>
    <period>100000</period>
    <quota>50000</quota>
  </cputune>
  <numatune>
    <memory mode='preferred' nodeset='1'/>
  </numatune>`);
    expect([tune.shares, tune.period, tune.quota]).toEqual([2048, 100000, 50000]);
    tune.pin(1, undefined);
    expect(tune.pins.map((p) => p.vcpu)).toEqual([0]);
    const pin = tune.pins[0]!;
    pin.vcpu = 3;
    expect(tune.pins[0]?.vcpu).toBe(3);
    tune.clearPins();
    tune.emulatorpin = undefined;
    tune.shares = undefined;
    tune.period = undefined;
    tune.quota = undefined;
    expect(dom.serialize()).not.toContain('cputune');
  });

  it('os: firmware, loader/nvram, secure boot, boot devices, kernel boot', () => {
    const dom = loadFixture('passthrough.xml');
    const os = dom.os;
    os.type = 'hvm';
    os.arch = 'x86_64';
    os.machine = 'pc-q35-9.0';
    os.loader = '/usr/share/edk2/x64/OVMF_CODE.secboot.fd';
    os.loaderReadonly = true;
    os.loaderType = 'pflash';
    os.loaderSecure = true;
    os.nvram = '/var/lib/libvirt/qemu/nvram/gaming_VARS.fd';
    os.nvramTemplate = '/usr/share/edk2/x64/OVMF_VARS.secboot.fd';
    os.firmware = 'efi';
    os.secureBoot = true;
    os.enrolledKeys = false;
    os.bootMenu = true;
    os.bootMenuTimeout = 5000;
    os.bootDevices = ['cdrom', 'hd'];
    expect(dom.serialize()).toContain(`  <os firmware='efi'>
    <type arch='x86_64' machine='pc-q35-9.0'>hvm</type>
    <firmware>
      <feature name='secure-boot' enabled='yes'/>
      <feature name='enrolled-keys' enabled='no'/>
    </firmware>
    <loader readonly='yes' type='pflash' secure='yes'>/usr/share/edk2/x64/OVMF_CODE.secboot.fd</loader>
    <nvram template='/usr/share/edk2/x64/OVMF_VARS.secboot.fd'>/var/lib/libvirt/qemu/nvram/gaming_VARS.fd</nvram>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
    <bootmenu enable='yes' timeout='5000'/>
  </os>`);
    os.bootDevices = ['cdrom', 'hd'];
    os.bootDevices = [];
    os.kernel = '/boot/vmlinuz';
    os.initrd = '/boot/initrd.img';
    os.cmdline = 'console=ttyS0';
    os.dtb = '/boot/board.dtb';
    expect(dom.serialize()).toContain(`    <kernel>/boot/vmlinuz</kernel>\n    <initrd>/boot/initrd.img</initrd>\n    <cmdline>console=ttyS0</cmdline>\n    <dtb>/boot/board.dtb</dtb>\n    <bootmenu`);
  });

  it('features: flags, states and Hyper-V enlightenments', () => {
    const dom = DomainXml.parse(MINIMAL);
    const f = dom.features;
    f.acpi = true;
    f.apic = true;
    f.pae = true;
    f.hypervMode = 'custom';
    f.hypervRelaxed = true;
    f.hypervVapic = true;
    f.hypervSpinlocks = true;
    f.hypervSpinlockRetries = 8191;
    f.hypervVpindex = true;
    f.hypervRuntime = true;
    f.hypervSynic = true;
    f.hypervStimer = true;
    f.hypervReset = false;
    f.hypervFrequencies = true;
    f.hypervTlbflush = true;
    f.hypervIpi = true;
    f.setHypervVendorId('KVM Hv');
    f.kvmHidden = true;
    f.ioapicDriver = 'kvm';
    f.smm = true;
    f.vmport = false;
    expect(dom.serialize()).toContain(`  <features>
    <acpi/>
    <apic/>
    <pae/>
    <hyperv mode='custom'>
      <relaxed state='on'/>
      <vapic state='on'/>
      <spinlocks state='on' retries='8191'/>
      <vpindex state='on'/>
      <runtime state='on'/>
      <synic state='on'/>
      <stimer state='on'/>
      <reset state='off'/>
      <vendor_id state='on' value='KVM Hv'/>
      <frequencies state='on'/>
      <tlbflush state='on'/>
      <ipi state='on'/>
    </hyperv>
    <kvm>
      <hidden state='on'/>
    </kvm>
    <ioapic driver='kvm'/>
    <smm state='on'/>
    <vmport state='off'/>
  </features>`);
    expect(f.hypervVendorIdState).toBe(true);
    f.pae = false;
    f.setHypervVendorId(undefined);
    expect(dom.serialize()).not.toMatch(/<pae\/>|vendor_id/);
  });

  it('boot order per device replaces <os><boot dev>', () => {
    const dom = loadFixture('linux-server.xml');
    const vdb = dom.devices.disks.find('vdb')!;
    const nic = dom.devices.interfaces.find(1)!;
    dom.setBootOrder([nic, vdb]);
    expect(dom.os.bootDevices).toEqual([]);
    expect([nic.bootOrder, vdb.bootOrder, dom.devices.disks.find('vda')?.bootOrder]).toEqual([1, 2, undefined]);
    expect(dom.serialize()).toContain(`      <link state='up'/>\n      <boot order='1'/>\n`);
    expect(dom.serialize()).toContain(`  <os>\n    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n  </os>`);
  });

  it('newMac avoids MACs already in the domain', () => {
    const dom = loadFixture('linux-server.xml');
    expect(dom.newMac()).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
  });
});
