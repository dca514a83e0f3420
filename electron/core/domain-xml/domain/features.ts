import { flag, int, onOff, str } from '../xml/props';
import { defineView } from '../xml/view';

/** `<features>`, including the Hyper-V enlightenments Windows guests want. */
export class Features extends defineView('features', {
  acpi: flag('./features/acpi'),
  apic: flag('./features/apic'),
  pae: flag('./features/pae'),
  smm: onOff('./features/smm/@state'),
  vmport: onOff('./features/vmport/@state'),
  kvmHidden: onOff('./features/kvm/hidden/@state'),
  ioapicDriver: str('./features/ioapic/@driver'),
  hypervMode: str<'custom' | 'passthrough'>('./features/hyperv/@mode'),
  hypervRelaxed: onOff('./features/hyperv/relaxed/@state'),
  hypervVapic: onOff('./features/hyperv/vapic/@state'),
  hypervSpinlocks: onOff('./features/hyperv/spinlocks/@state'),
  hypervSpinlockRetries: int('./features/hyperv/spinlocks/@retries'),
  hypervVpindex: onOff('./features/hyperv/vpindex/@state'),
  hypervRuntime: onOff('./features/hyperv/runtime/@state'),
  hypervSynic: onOff('./features/hyperv/synic/@state'),
  hypervStimer: onOff('./features/hyperv/stimer/@state'),
  hypervReset: onOff('./features/hyperv/reset/@state'),
  hypervFrequencies: onOff('./features/hyperv/frequencies/@state'),
  hypervTlbflush: onOff('./features/hyperv/tlbflush/@state'),
  hypervIpi: onOff('./features/hyperv/ipi/@state'),
  hypervVendorIdState: onOff('./features/hyperv/vendor_id/@state'),
  hypervVendorId: str('./features/hyperv/vendor_id/@value'),
}) {
  /** libvirt only honours vendor_id with state='on', so the two move together. */
  setHypervVendorId(value: string | undefined): void {
    this.hypervVendorIdState = value === undefined ? undefined : true;
    this.hypervVendorId = value;
  }
}
