// Staging of the non-device changes (general, memory, vCPUs, CPU model, pinning, boot) on the
// parsed definition. Field-level problems are reported here; cross-field rules (current ≤ max,
// topology = vCPUs, secure boot needs UEFI…) come from validateDomain after all changes are staged.
import type { ConfigChange } from '../../../../preload/contract/hardware';
import { checkAbsolutePath, type DomainXml } from '../../domain-xml';
import { resolveDevice } from '../device-registry';
import type { ChangeIssues } from './values';

type Of<K extends ConfigChange['kind']> = Extract<ConfigChange, { kind: K }>;

export function stageGeneral(dom: DomainXml, c: Of<'general'>): void {
  // Empty text means "no title": libvirt keeps an empty <title/> otherwise.
  if (c.title !== undefined) dom.title = c.title === null || c.title === '' ? undefined : c.title;
  if (c.description !== undefined) dom.description = c.description === null || c.description === '' ? undefined : c.description;
  if (c.title && /[\r\n]/.test(c.title)) throw new FieldError('title', 'a title must be a single line');
}

export function stageMemory(dom: DomainXml, c: Of<'memory'>, issues: ChangeIssues): void {
  const max = issues.int(c, 'maxKiB', 'maximum memory', 1);
  const cur = issues.int(c, 'currentKiB', 'current memory', 1);
  if (max !== undefined) dom.memory.memoryKiB = max;
  if (cur !== undefined) dom.memory.currentMemoryKiB = cur;
  if (c.hugepages !== undefined) dom.memory.hugepages = c.hugepages;
}

export function stageVcpus(dom: DomainXml, c: Of<'vcpus'>, issues: ChangeIssues): void {
  const max = issues.int(c, 'max', 'maximum vCPUs', 1, 4096);
  const cur = issues.int(c, 'current', 'current vCPUs', 1, 4096);
  if (max !== undefined) dom.vcpu.count = max;
  const effectiveMax = dom.vcpu.count;
  if (cur !== undefined) dom.vcpu.current = cur === effectiveMax ? undefined : cur;
  // A stale current above a lowered maximum would be refused; the user asked for the maximum.
  else if (max !== undefined && (dom.vcpu.current ?? 0) >= max) dom.vcpu.current = undefined;
}

export function stageCpu(dom: DomainXml, c: Of<'cpu'>, issues: ChangeIssues): void {
  const cpu = dom.cpu;
  if (c.mode !== undefined) {
    if (c.mode === null) {
      cpu.setMode('host-model');
      cpu.mode = undefined;
    } else cpu.setMode(c.mode, c.model ?? undefined);
  }
  if (c.model !== undefined && (c.mode === undefined || c.mode === 'custom')) {
    if (c.model !== null && cpu.mode !== 'custom') issues.add('model', "a CPU model needs mode 'custom'");
    else cpu.model = c.model ?? undefined;
  }
  if (c.topology !== undefined) {
    const t = c.topology;
    if (t) {
      const ti = issues.nested('topology');
      for (const k of ['sockets', 'dies', 'cores', 'threads'] as const) ti.int(t, k, k, 1, 4096);
    }
    cpu.topology = t ?? undefined;
  }
}

export function stagePin(dom: DomainXml, c: Of<'pin'>, issues: ChangeIssues): void {
  const vcpu = issues.int(c, 'vcpu', 'vCPU number', 0, 4095);
  if (vcpu === undefined) return;
  dom.cputune.pin(vcpu, c.cpuset ?? undefined);
}

const PER_DEVICE_BOOT = new Set(['disk', 'nic', 'hostdev', 'redirdev']);

export function stageBoot(dom: DomainXml, c: Of<'boot'>, issues: ChangeIssues): void {
  const os = dom.os;
  if (c.firmware === 'efi') os.firmware = 'efi';
  if (c.firmware === 'bios') {
    // Explicit OVMF loader/NVRAM would keep the guest on UEFI; BIOS means none of it.
    os.firmware = undefined;
    os.loader = undefined;
    os.loaderReadonly = undefined;
    os.loaderType = undefined;
    os.loaderSecure = undefined;
    os.nvram = undefined;
    os.secureBoot = undefined;
    os.enrolledKeys = undefined;
  }
  if (c.secureBoot !== undefined) {
    if (c.secureBoot) {
      // Firmware autoselection picks a Secure Boot build with enrolled keys; SMM is required by it.
      os.secureBoot = true;
      os.enrolledKeys = true;
      dom.features.smm = true;
    } else {
      os.secureBoot = os.firmware === 'efi' ? false : undefined;
      os.enrolledKeys = undefined;
      if (os.loaderSecure) os.loaderSecure = false;
    }
  }
  if (c.bootMenu !== undefined) {
    os.bootMenu = c.bootMenu ? true : undefined;
    if (!c.bootMenu) os.bootMenuTimeout = undefined;
  }
  if (c.order !== undefined) {
    const devs = c.order.flatMap((id, i) => {
      const r = resolveDevice(dom, id);
      if (!r) issues.add(`order[${i}]`, `no device '${id}'`);
      else if (!PER_DEVICE_BOOT.has(r.kind)) issues.add(`order[${i}]`, `a ${r.kind} cannot be booted from`);
      else return [r.view as unknown as { el: import('@xmldom/xmldom').Element; bootOrder: number | undefined }];
      return [];
    });
    if (new Set(devs.map((d) => d.el)).size !== devs.length) issues.add('order', 'a device is listed twice');
    dom.setBootOrder(devs);
  }
  if (c.directKernel !== undefined) {
    const k = c.directKernel;
    if (k) {
      const ki = issues.nested('directKernel');
      for (const f of ['kernel', 'initrd'] as const) {
        const bad = checkAbsolutePath(k[f]);
        if (bad) ki.add(f, bad);
      }
    }
    os.kernel = k?.kernel;
    os.initrd = k?.initrd;
    os.cmdline = k?.cmdline || undefined;
  }
}

/** A problem found while staging that belongs to one field of the change. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
