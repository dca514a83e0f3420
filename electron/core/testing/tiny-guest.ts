// Real QEMU guests for tests on qemu:///system: the tiny Linux guest from
// ../shared/guest/make-tiny-guest.sh (Debian kernel + busybox initrd, boots in ~15 s under TCG,
// prints "VDGUEST READY" and "tick N" on its serial port, copies what is typed on its graphical
// console to serial as "TTY1: …"). Every domain is named vdtest-… and removed by `cleanup()`.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GUEST_DIR = process.env.VIRTDECK_GUEST_DIR ?? '/var/cache/virtdeck-test/guest';
export const QEMU_URI = 'qemu:///system';
/** Scratch space for disk images QEMU (user libvirt-qemu) must be able to read and write. */
export const IMAGE_DIR = '/var/lib/libvirt/images/virtdeck-test';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Builds the guest once per machine (scripts/rig.sh does it ahead of the tests). */
export function ensureTinyGuest(): { kernel: string; initrd: string } {
  const kernel = path.join(GUEST_DIR, 'vmlinuz');
  const initrd = path.join(GUEST_DIR, 'initrd.gz');
  if (!existsSync(kernel) || !existsSync(initrd)) {
    const script = [path.join(repoRoot, '../shared/guest/make-tiny-guest.sh'), '/work/shared/guest/make-tiny-guest.sh'].find(existsSync);
    if (!script) throw new Error('make-tiny-guest.sh not found (expected ../shared/guest/ beside the repository)');
    execFileSync('bash', [script, GUEST_DIR], { stdio: 'inherit' });
  }
  return { kernel, initrd };
}

export interface TinyGuestOptions {
  name: string;
  /** Graphics device: spice (default), vnc, or none. */
  graphics?: 'spice' | 'vnc' | 'none';
  /** qcow2/raw disk images to attach as vda, vdb… */
  disks?: { path: string; format: 'qcow2' | 'raw' }[];
  memoryMiB?: number;
  vcpus?: number;
  /** Extra XML inside <devices>. */
  extraDevices?: string;
}

export function tinyGuestXml(o: TinyGuestOptions): string {
  if (!o.name.startsWith('vdtest-')) throw new Error('test domains must be named vdtest-…');
  const { kernel, initrd } = ensureTinyGuest();
  const graphics =
    o.graphics === 'none' ? '' : `<graphics type='${o.graphics ?? 'spice'}' autoport='yes' listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics><video><model type='${o.graphics === 'vnc' ? 'vga' : 'qxl'}'/></video>`;
  const disks = (o.disks ?? [])
    .map(
      (d, i) =>
        `<disk type='file' device='disk'><driver name='qemu' type='${d.format}'/><source file='${d.path}'/><target dev='vd${String.fromCharCode(97 + i)}' bus='virtio'/></disk>`,
    )
    .join('');
  return `<domain type='qemu'>
  <name>${o.name}</name>
  <memory unit='MiB'>${o.memoryMiB ?? 256}</memory>
  <vcpu>${o.vcpus ?? 1}</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>${kernel}</kernel><initrd>${initrd}</initrd><cmdline>console=tty1 console=ttyS0 quiet</cmdline></os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    ${disks}
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    ${graphics}
    ${o.extraDevices ?? ''}
  </devices>
</domain>`;
}

/** A qcow2 image for a test guest, created with qemu-img in IMAGE_DIR. */
export function makeImage(name: string, size = '64M', format: 'qcow2' | 'raw' = 'qcow2'): string {
  mkdirSync(IMAGE_DIR, { recursive: true, mode: 0o755 });
  const file = path.join(IMAGE_DIR, `${name}.${format}`);
  execFileSync('qemu-img', ['create', '-q', '-f', format, file, size]);
  return file;
}

const virsh = (...args: string[]) => execFileSync('virsh', ['-c', QEMU_URI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** virsh on qemu:///system, output trimmed: what tests check libvirt's state with. */
export const qemuVirsh = (...args: string[]): string => virsh(...args).trim();

/** Defines (does not start) a tiny guest and returns its UUID. */
export function defineTinyGuest(o: TinyGuestOptions): string {
  const file = path.join(os.tmpdir(), `${o.name}.xml`);
  writeFileSync(file, tinyGuestXml(o));
  virsh('define', file);
  return qemuVirsh('domuuid', o.name);
}

/** A transient dir pool over IMAGE_DIR, so test images are libvirt volumes; returns its name. */
export function startScratchPool(): string {
  mkdirSync(IMAGE_DIR, { recursive: true, mode: 0o755 });
  const name = `vdtest-pool-${randomUUID().slice(0, 6)}`;
  virsh('pool-create-as', name, 'dir', '--target', IMAGE_DIR);
  return name;
}

export function stopScratchPool(name: string): void {
  try {
    virsh('pool-destroy', name);
  } catch {
    /* already gone */
  }
}

/** Removes every vdtest-… domain (with snapshot metadata and managed save) and the scratch images. */
export function cleanupTestGuests(): void {
  const names = virsh('list', '--all', '--name').split('\n').filter((n) => n.startsWith('vdtest-'));
  for (const name of names) {
    for (const args of [['destroy', name], ['undefine', name, '--snapshots-metadata', '--managed-save', '--nvram', '--checkpoints-metadata']]) {
      try {
        virsh(...args);
      } catch {
        /* already gone or not running */
      }
    }
  }
  rmSync(IMAGE_DIR, { recursive: true, force: true });
}
