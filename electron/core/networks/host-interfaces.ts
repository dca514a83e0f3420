// Host interfaces a guest NIC can use: libvirt's interface driver when the host has one (it needs
// netcf or udev on the host), plus, for a host on this machine, the bridges in /sys/class/net.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HostInterface, HostInterfaces } from '../../../preload/contract/networks';
import { LibvirtError, type LibvirtClient } from '../../libvirt';
import { parseLibvirtUri } from '../../libvirt/uri';
import { attr, parseXml } from '../storage/xml-util';

/** True for URIs that reach a daemon on this machine (unix socket, no host name). */
export function isLocalUri(uri: string): boolean {
  try {
    const u = parseLibvirtUri(uri);
    return u.host === undefined && u.transport === 'unix';
  } catch {
    return false;
  }
}

/** Bridges on this machine: every /sys/class/net/<name> with a bridge/ folder. */
export async function localBridges(sysClassNet = '/sys/class/net'): Promise<string[]> {
  const names = await readdir(sysClassNet).catch(() => [] as string[]);
  const found = await Promise.all(
    names.map(async (n) => ((await stat(path.join(sysClassNet, n, 'bridge')).then((s) => s.isDirectory()).catch(() => false)) ? n : null)),
  );
  return found.filter((n): n is string => n !== null).sort();
}

const NO_DRIVER_CODES = new Set(['VIR_ERR_NO_SUPPORT', 'VIR_ERR_OPERATION_UNSUPPORTED', 'VIR_ERR_NO_INTERFACE', 'VIR_ERR_INTERNAL_ERROR', 'VIR_ERR_OPERATION_FAILED']);

export async function listHostInterfaces(client: LibvirtClient, opts: { local: boolean; sysClassNet?: string }): Promise<HostInterfaces> {
  const notes: string[] = [];
  let interfaces: HostInterface[] = [];
  try {
    const { ifaces } = await client.call('CONNECT_LIST_ALL_INTERFACES', { need_results: 1, flags: 0 });
    const all = await Promise.all(
      ifaces.map(async (iface): Promise<HostInterface | null> => {
        try {
          const [active, xml] = await Promise.all([
            client.call('INTERFACE_IS_ACTIVE', { iface }),
            client.call('INTERFACE_GET_XML_DESC', { iface, flags: 0 }),
          ]);
          return { name: iface.name, mac: iface.mac || null, type: attr(parseXml(xml.xml), 'type') ?? 'unknown', active: active.active !== 0 };
        } catch (e) {
          if (e instanceof LibvirtError && e.codeName === 'VIR_ERR_NO_INTERFACE') return null;
          throw e;
        }
      }),
    );
    interfaces = all.filter((i): i is HostInterface => i !== null && i.name !== 'lo').sort((a, b) => a.name.localeCompare(b.name));
  } catch (e) {
    if (!(e instanceof LibvirtError) || !NO_DRIVER_CODES.has(e.codeName)) throw e;
    notes.push(`this host's libvirt cannot list its interfaces (${e.message}); it needs libvirt's interface driver (netcf or udev)`);
  }
  const bridges = new Set(interfaces.filter((i) => i.type === 'bridge').map((i) => i.name));
  if (opts.local) {
    for (const b of await localBridges(opts.sysClassNet)) bridges.add(b);
  } else if (interfaces.length === 0) {
    notes.push('bridges on a remote host are only known through libvirt; type the bridge name if it is missing');
  }
  const result: HostInterfaces = { interfaces, bridges: [...bridges].sort() };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}
