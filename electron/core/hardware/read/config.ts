// The VmConfig read model from a parsed definition: plain JSON for the details pages.
import type { BootConfig, DeviceConfig, HostTopology, VmConfig } from '../../../../preload/contract/hardware';
import type { DomainXml } from '../../domain-xml';
import { deviceIds, KINDS } from '../device-registry';
import { DEVICE_KINDS } from '../../../../preload/contract/hardware';
import { readDevice } from './device-props';

export function readDevices(dom: DomainXml): DeviceConfig[] {
  return DEVICE_KINDS.flatMap((kind) => {
    const views = KINDS[kind].list(dom).all();
    const ids = deviceIds(kind, views);
    return views.map((view, i) => readDevice(kind, ids[i] ?? `${kind}#${i}`, view));
  });
}

/** Firmware as the user thinks of it: an explicit pflash/OVMF loader is UEFI too. */
export function readFirmware(dom: DomainXml): 'bios' | 'efi' {
  const os = dom.os;
  if (os.firmware === 'efi' || os.loaderType === 'pflash' || /ovmf|edk2|aavmf/i.test(os.loader ?? '')) return 'efi';
  return 'bios';
}

export function readBoot(dom: DomainXml, devices: readonly DeviceConfig[]): BootConfig {
  const os = dom.os;
  const ordered = devices
    .filter((d) => 'bootOrder' in d.props && typeof d.props.bootOrder === 'number')
    .sort((a, b) => ((a.props as { bootOrder: number }).bootOrder ?? 0) - ((b.props as { bootOrder: number }).bootOrder ?? 0));
  const legacy = ordered.length === 0;
  return {
    firmware: readFirmware(dom),
    secureBoot: os.secureBoot === true || os.loaderSecure === true,
    bootMenu: os.bootMenu === true,
    order: legacy ? os.bootDevices : ordered.map((d) => d.id),
    orderStyle: legacy ? 'legacy' : 'devices',
    directKernel:
      os.kernel === undefined
        ? null
        : Object.fromEntries(Object.entries({ kernel: os.kernel, initrd: os.initrd, cmdline: os.cmdline }).filter(([, v]) => v !== undefined)) as BootConfig['directKernel'],
  };
}

/** Everything but `live` (filled by comparing with the running instance) and the host topology. */
export function readConfig(dom: DomainXml, uuid: string, running: boolean, host: HostTopology): VmConfig {
  const devices = readDevices(dom);
  const m = dom.memory;
  const maxKiB = m.memoryKiB ?? 0;
  const cpu = dom.cpu;
  const vmax = dom.vcpu.count ?? 1;
  return {
    uuid,
    running,
    general: { name: dom.name ?? '', title: dom.title ?? null, description: dom.description ?? null },
    memory: { currentKiB: m.currentMemoryKiB ?? maxKiB, maxKiB, hugepages: m.hugepages === true },
    vcpus: { max: vmax, current: dom.vcpu.current ?? vmax, mode: cpu.mode ?? null, model: cpu.model ?? null, topology: cpu.topology ?? null },
    pinning: {
      pins: dom.cputune.pins.flatMap((p) => (p.vcpu === undefined || p.cpuset === undefined ? [] : [{ vcpu: p.vcpu, cpuset: p.cpuset }])),
      emulatorpin: dom.cputune.emulatorpin ?? null,
      host,
    },
    boot: readBoot(dom, devices),
    devices,
    live: [],
  };
}
