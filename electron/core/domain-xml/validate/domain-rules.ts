import type { DomainXml } from '../domain';
import type { Issues } from './issues';
import { checkAbsolutePath, checkCount, checkCpuset, checkName, checkUuid } from './rules';

const BOOT_DEVS = new Set(['hd', 'cdrom', 'network', 'fd']);

export function checkGeneral(dom: DomainXml, out: Issues): void {
  out.check('name', checkName(dom.name));
  if (dom.uuid !== undefined) out.check('uuid', checkUuid(dom.uuid));
}

export function checkMemory(dom: DomainXml, out: Issues): void {
  const m = dom.memory;
  const mem = m.memoryKiB;
  const cur = m.currentMemoryKiB;
  const max = m.maxMemoryKiB;
  if (mem === undefined) out.add('memory.memoryKiB', 'memory size is missing or not a number');
  else if (mem <= 0) out.add('memory.memoryKiB', 'memory must be greater than 0');
  if (cur !== undefined && cur <= 0) out.add('memory.currentMemoryKiB', 'current memory must be greater than 0');
  if (mem !== undefined && cur !== undefined && cur > mem) out.add('memory.currentMemoryKiB', `current memory (${cur} KiB) exceeds maximum memory (${mem} KiB)`);
  if (max !== undefined && mem !== undefined && max < mem) out.add('memory.maxMemoryKiB', `hotplug limit (${max} KiB) is below memory (${mem} KiB)`);
  if (max !== undefined) out.check('memory.maxMemorySlots', checkCount(m.maxMemorySlots, 'memory slots'));
}

export function checkCpus(dom: DomainXml, out: Issues): void {
  const v = dom.vcpu;
  const count = v.count;
  out.check('vcpu.count', checkCount(count, 'vCPU count'));
  if (v.current !== undefined) {
    out.check('vcpu.current', checkCount(v.current, 'current vCPUs'));
    if (count !== undefined && v.current > count) out.add('vcpu.current', `current vCPUs (${v.current}) exceed the maximum (${count})`);
  }
  out.check('vcpu.cpuset', checkCpuset(v.cpuset));

  const cpu = dom.cpu;
  if (cpu.mode === 'custom' && !cpu.model) out.add('cpu.model', 'custom CPU mode needs a CPU model');
  const parts = { sockets: cpu.sockets, dies: cpu.dies, cores: cpu.cores, threads: cpu.threads };
  if (Object.values(parts).some((p) => p !== undefined)) {
    let product = 1;
    for (const [k, val] of Object.entries(parts)) {
      if (k === 'dies' && val === undefined) continue;
      const msg = checkCount(val, k);
      out.check(`cpu.topology.${k}`, msg);
      product *= val ?? 0;
    }
    if (count !== undefined && product !== count) out.add('cpu.topology', `sockets × dies × cores × threads = ${product}, but the guest has ${count} vCPUs`);
  }

  const seen = new Set<number>();
  dom.cputune.pins.forEach((p, i) => {
    const at = `cputune.pins[${i}]`;
    if (p.vcpu === undefined || p.vcpu < 0) out.add(`${at}.vcpu`, 'vCPU number is missing');
    else if (count !== undefined && p.vcpu >= count) out.add(`${at}.vcpu`, `vCPU ${p.vcpu} does not exist (guest has ${count})`);
    else if (seen.has(p.vcpu)) out.add(`${at}.vcpu`, `vCPU ${p.vcpu} is pinned twice`);
    if (p.vcpu !== undefined) seen.add(p.vcpu);
    out.check(`${at}.cpuset`, p.cpuset === undefined ? 'cpuset is missing' : checkCpuset(p.cpuset));
  });
  out.check('cputune.emulatorpin', checkCpuset(dom.cputune.emulatorpin));
  out.check('numatune.memoryNodeset', checkCpuset(dom.numatune.memoryNodeset));
}

export function checkOs(dom: DomainXml, out: Issues): void {
  const os = dom.os;
  for (const key of ['loader', 'nvram', 'kernel', 'initrd', 'dtb'] as const) out.check(`os.${key}`, checkAbsolutePath(os[key]));
  if (os.secureBoot && os.firmware !== 'efi' && !os.loaderSecure) out.add('os.secureBoot', "secure boot needs UEFI firmware (firmware='efi')");
  if (os.loaderSecure && dom.features.smm !== true) out.add('features.smm', 'a secure-boot loader needs SMM enabled');
  if ((os.initrd !== undefined || os.cmdline !== undefined) && os.kernel === undefined) out.add('os.kernel', 'initrd and kernel command line need a kernel');
  os.bootDevices.forEach((d, i) => {
    if (!BOOT_DEVS.has(d)) out.add(`os.bootDevices[${i}]`, `'${d}' is not a boot device (hd, cdrom, network, fd)`);
  });
}
