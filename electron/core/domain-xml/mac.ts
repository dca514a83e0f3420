import { randomBytes } from 'node:crypto';

/** QEMU/KVM's locally administered OUI, as libvirt and virt-manager use for new NICs. */
export const QEMU_OUI = '52:54:00';

export function normalizeMac(mac: string): string {
  return mac.trim().toLowerCase();
}

/** A random `52:54:00:xx:xx:xx` not in `taken` (compared case-insensitively). */
export function generateMac(taken: Iterable<string>, random: (n: number) => Uint8Array = randomBytes): string {
  const used = new Set([...taken].map(normalizeMac));
  for (let attempt = 0; attempt < 1000; attempt++) {
    const tail = [...random(3)].map((b) => b.toString(16).padStart(2, '0')).join(':');
    const mac = `${QEMU_OUI}:${tail}`;
    if (!used.has(mac)) return mac;
  }
  throw new Error('could not generate an unused MAC address');
}
