// What this machine has of libvirt, for the first start: which local connections to offer, or what
// to tell a user who has none.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SavedHost } from './host-config';
import { newHostId } from './host-config';

const SYSTEM_SOCKETS = ['/run/libvirt/libvirt-sock', '/run/libvirt/virtqemud-sock'];
const DAEMONS = ['/usr/sbin/libvirtd', '/usr/sbin/virtqemud', '/usr/bin/libvirtd', '/usr/bin/virtqemud'];

export interface LocalLibvirt {
  systemSocket: boolean;
  daemonInstalled: boolean;
}

export function probeLocalLibvirt(exists: (p: string) => boolean = existsSync): LocalLibvirt {
  return { systemSocket: SYSTEM_SOCKETS.some(exists), daemonInstalled: DAEMONS.some(exists) };
}

/** The hosts a first start adds: the system daemon when its socket is there, the session daemon when libvirt is installed. */
export function defaultLocalHosts(local: LocalLibvirt): SavedHost[] {
  const hosts: SavedHost[] = [];
  if (local.systemSocket) hosts.push({ id: newHostId(), name: 'Local (system)', uri: 'qemu:///system', autoconnect: true });
  if (local.daemonInstalled && os.userInfo().uid !== 0) {
    hosts.push({ id: newHostId(), name: 'Local (session)', uri: 'qemu:///session', autoconnect: false });
  }
  return hosts;
}

export const FIRST_RUN_HINT = [
  'No libvirt on this machine.',
  'To run VMs here install it — Debian/Ubuntu: sudo apt install libvirt-daemon-system qemu-system-x86; Fedora: sudo dnf install libvirt-daemon-kvm — then add yourself to the libvirt group.',
  'Or add a remote host: qemu+ssh://user@host/system.',
].join(' ');

export const sessionSocket = () => path.join(process.env.XDG_RUNTIME_DIR ?? `/run/user/${os.userInfo().uid}`, 'libvirt', 'libvirt-sock');
