import { parsePath } from '../xml/path';
import { int, str, yesNo } from '../xml/props';
import { childElements, createChild, ensureElement, findElement, pruneEmpty, removeElement } from '../xml/tree';
import { defineView } from '../xml/view';

const OS = parsePath('./os');

/** `<os>`: machine type, firmware, boot devices and direct kernel boot. */
export class OsConfig extends defineView('os', {
  type: str('./os/type'),
  arch: str('./os/type/@arch'),
  machine: str('./os/type/@machine'),
  /** 'efi' or 'bios': libvirt then picks loader/nvram itself (firmware autoselection). */
  firmware: str<'efi' | 'bios'>('./os/@firmware'),
  loader: str('./os/loader'),
  loaderReadonly: yesNo('./os/loader/@readonly'),
  loaderType: str<'rom' | 'pflash'>('./os/loader/@type'),
  loaderSecure: yesNo('./os/loader/@secure'),
  nvram: str('./os/nvram'),
  nvramTemplate: str('./os/nvram/@template'),
  secureBoot: yesNo("./os/firmware/feature[@name='secure-boot']/@enabled"),
  enrolledKeys: yesNo("./os/firmware/feature[@name='enrolled-keys']/@enabled"),
  bootMenu: yesNo('./os/bootmenu/@enable'),
  bootMenuTimeout: int('./os/bootmenu/@timeout'),
  kernel: str('./os/kernel'),
  initrd: str('./os/initrd'),
  cmdline: str('./os/cmdline'),
  dtb: str('./os/dtb'),
}) {
  /** `<boot dev=…>` in order (hd, cdrom, network, fd). */
  get bootDevices(): string[] {
    const os = findElement(this.el, OS);
    return os ? childElements(os, 'boot').map((b) => b.getAttribute('dev') ?? '') : [];
  }

  set bootDevices(devs: readonly string[]) {
    const os = findElement(this.el, OS);
    const current = os ? childElements(os, 'boot') : [];
    if (current.length === devs.length && current.every((b, i) => b.getAttribute('dev') === devs[i])) return;
    for (const b of current) removeElement(b);
    if (devs.length === 0) {
      pruneEmpty(this.el, OS);
      return;
    }
    const parent = ensureElement(this.el, OS);
    for (const dev of devs) createChild(parent, 'boot').setAttribute('dev', dev);
  }
}
