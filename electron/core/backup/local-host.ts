import { parseLibvirtUri } from '../../libvirt/uri';

/**
 * Whether a host's daemon runs on this machine, so files it writes (libvirt's backup job writes on
 * the host) land in the user's local folder. Only plain local URIs count: qemu:///system,
 * qemu:///session, qemu+unix:///… — anything with a host name is remote even if it is 127.0.0.1
 * (it might be a tunnel to another machine).
 */
export function isLocalUri(uri: string | undefined): boolean {
  if (!uri) return false;
  try {
    const u = parseLibvirtUri(uri);
    return u.host === undefined && u.transport === 'unix';
  } catch {
    return false;
  }
}
