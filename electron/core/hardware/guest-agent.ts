// What the guest says about itself through the QEMU guest agent, and its IP addresses (agent
// first, else libvirt's DHCP leases). A missing or silent agent is a normal state of a VM, so it
// is reported as `agent: not-connected` with libvirt's reason instead of failing the call.
import type { GuestInfo, GuestInterface } from '../../../preload/contract/hardware';
import { LibvirtError, type LibvirtClient, type remote_nonnull_domain } from '../../libvirt';
import { IFADDR_SRC_AGENT, IFADDR_SRC_LEASE, IP_ADDR_IPV4 } from './flags';
import { paramMap } from './typed-params';

const num = (v: number | string | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const text = (v: number | string | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

async function interfaces(client: LibvirtClient, dom: remote_nonnull_domain, source: number): Promise<GuestInterface[]> {
  const { ifaces } = await client.call('DOMAIN_INTERFACE_ADDRESSES', { dom, source, flags: 0 });
  return ifaces.map((i) => ({
    name: i.name,
    mac: i.hwaddr,
    addresses: i.addrs.map((a) => ({ family: a.type === IP_ADDR_IPV4 ? ('ipv4' as const) : ('ipv6' as const), address: a.addr, prefix: a.prefix })),
  }));
}

export async function guestInfo(client: LibvirtClient, dom: remote_nonnull_domain): Promise<GuestInfo> {
  const empty: GuestInfo = { agent: { state: 'not-running' }, hostname: null, os: null, timezone: null, users: [], filesystems: [], interfaces: [], interfacesSource: 'none' };
  if ((await client.call('DOMAIN_IS_ACTIVE', { dom })).active === 0) return empty;

  let params: Map<string, number | string>;
  try {
    // types 0 = everything the agent offers.
    params = paramMap((await client.call('DOMAIN_GET_GUEST_INFO', { dom, types: 0, flags: 0 })).params);
  } catch (err) {
    if (!(err instanceof LibvirtError)) throw err;
    const info: GuestInfo = { ...empty, agent: { state: 'not-connected', reason: err.message } };
    try {
      return { ...info, interfaces: await interfaces(client, dom, IFADDR_SRC_LEASE), interfacesSource: 'lease' };
    } catch (e) {
      if (e instanceof LibvirtError) return info;
      throw e;
    }
  }
  const g = (k: string) => params.get(k);
  const os = Object.fromEntries(
    Object.entries({
      id: text(g('os.id')),
      name: text(g('os.name')),
      prettyName: text(g('os.pretty-name')),
      version: text(g('os.version')),
      kernelRelease: text(g('os.kernel-release')),
      machine: text(g('os.machine')),
    }).filter(([, v]) => v !== undefined),
  );
  const users = Array.from({ length: num(g('user.count')) ?? 0 }, (_, i) => ({ name: text(g(`user.${i}.name`)) ?? '', loginTime: num(g(`user.${i}.login-time`)) }));
  const filesystems = Array.from({ length: num(g('fs.count')) ?? 0 }, (_, i) => ({
    mountpoint: text(g(`fs.${i}.mountpoint`)) ?? '',
    name: text(g(`fs.${i}.name`)),
    type: text(g(`fs.${i}.fstype`)),
    totalBytes: num(g(`fs.${i}.total-bytes`)),
    usedBytes: num(g(`fs.${i}.used-bytes`)),
  }));
  let ifaces: GuestInterface[] = [];
  let source: GuestInfo['interfacesSource'] = 'agent';
  try {
    ifaces = await interfaces(client, dom, IFADDR_SRC_AGENT);
  } catch (err) {
    if (!(err instanceof LibvirtError)) throw err;
    source = 'lease';
    ifaces = await interfaces(client, dom, IFADDR_SRC_LEASE).catch(() => []);
  }
  return {
    agent: { state: 'connected' },
    hostname: text(g('hostname')) ?? null,
    os: Object.keys(os).length ? os : null,
    timezone: g('timezone.name') !== undefined || g('timezone.offset') !== undefined ? { name: text(g('timezone.name')), offsetSeconds: num(g('timezone.offset')) } : null,
    users,
    filesystems,
    interfaces: ifaces,
    interfacesSource: source,
  };
}
