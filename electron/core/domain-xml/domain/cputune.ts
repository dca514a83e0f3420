import { childElements, createChild, ensureElement, findElement, pruneEmpty, removeElement } from '../xml/tree';
import { parsePath } from '../xml/path';
import { int, str } from '../xml/props';
import { defineView } from '../xml/view';

/** `<vcpupin vcpu='0' cpuset='2-3'/>` */
export const VcpuPin = defineView('vcpupin', {
  vcpu: int('./@vcpu'),
  cpuset: str('./@cpuset'),
});
export type VcpuPin = InstanceType<typeof VcpuPin>;

const CPUTUNE = parsePath('./cputune');

export class CpuTune extends defineView('cputune', {
  emulatorpin: str('./cputune/emulatorpin/@cpuset'),
  shares: int('./cputune/shares'),
  period: int('./cputune/period'),
  quota: int('./cputune/quota'),
}) {
  get pins(): VcpuPin[] {
    const tune = findElement(this.el, CPUTUNE);
    return tune ? childElements(tune, 'vcpupin').map((e) => new VcpuPin(e)) : [];
  }

  /** Pins one vCPU to a host cpuset, or unpins it with undefined. */
  pin(vcpu: number, cpuset: string | undefined): void {
    const existing = this.pins.find((p) => p.vcpu === vcpu);
    if (cpuset === undefined) {
      if (existing) removeElement(existing.el);
      pruneEmpty(this.el, CPUTUNE);
      return;
    }
    if (existing) {
      existing.cpuset = cpuset;
      return;
    }
    const pin = new VcpuPin(createChild(ensureElement(this.el, CPUTUNE), 'vcpupin'));
    pin.vcpu = vcpu;
    pin.cpuset = cpuset;
  }

  clearPins(): void {
    for (const p of this.pins) removeElement(p.el);
    pruneEmpty(this.el, CPUTUNE);
  }
}

export const NumaTune = defineView('numatune', {
  memoryMode: str<'strict' | 'preferred' | 'interleave' | 'restrictive'>('./numatune/memory/@mode'),
  memoryNodeset: str('./numatune/memory/@nodeset'),
});
