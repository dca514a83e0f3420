// The networks service: libvirt virtual networks on one host at a time, and the host's interfaces.
import type {
  DefineNetworkOptions,
  DefineNetworkResult,
  DhcpLease,
  HostInterfaces,
  NetworkSpec,
  NetworkStepProblem,
  NetworkSummary,
  NetworksService,
} from '../../../preload/contract/networks';
import { LibvirtError, type LibvirtClient, type remote_nonnull_network } from '../../libvirt';
import { toErrorInfo } from '../api/api-error';
import type { ClientResolver } from '../hosts/client-resolver';
import { toNumber } from '../util/numbers';
import { uuidToString } from '../util/uuid';
import { Problems } from '../storage/validate';
import { listHostInterfaces, isLocalUri } from './host-interfaces';
import { buildNetworkXml, networkSpecProblems, readNetworkXml, type ExistingNetwork } from './network-xml';

export interface NetworkServiceOptions {
  /** The saved URI of a host, so host interfaces can include local bridges (/sys/class/net) for local hosts only. */
  hostUri?: (hostId: string) => string | undefined;
  /** Tests point this at a fake /sys/class/net. */
  sysClassNet?: string;
}

const isLibvirt = (e: unknown, code: string) => e instanceof LibvirtError && e.codeName === code;

export class NetworkServiceImpl implements NetworksService {
  constructor(
    private readonly clients: ClientResolver,
    private readonly options: NetworkServiceOptions = {},
  ) {}

  async list(hostId: string): Promise<NetworkSummary[]> {
    const client = this.clients(hostId);
    const { nets } = await client.call('CONNECT_LIST_ALL_NETWORKS', { need_results: 1, flags: 0 });
    const all = await Promise.all(
      nets.map((net) =>
        networkSummary(client, hostId, net).catch((e: unknown) => {
          if (isLibvirt(e, 'VIR_ERR_NO_NETWORK')) return null;
          throw e;
        }),
      ),
    );
    return all.filter((n): n is NetworkSummary => n !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(hostId: string, network: string): Promise<NetworkSummary> {
    const client = this.clients(hostId);
    return networkSummary(client, hostId, await lookup(client, network));
  }

  async xml(hostId: string, network: string, inactive = false): Promise<string> {
    const client = this.clients(hostId);
    return (await client.call('NETWORK_GET_XML_DESC', { net: await lookup(client, network), flags: inactive ? 1 : 0 })).xml;
  }

  async previewXml(hostId: string, spec: NetworkSpec): Promise<string> {
    const client = this.clients(hostId);
    return buildNetworkXml(spec, await existingNetworks(client));
  }

  async define(hostId: string, spec: NetworkSpec, options: DefineNetworkOptions = {}): Promise<DefineNetworkResult> {
    const client = this.clients(hostId);
    const p = new Problems();
    for (const problem of networkSpecProblems(spec, await existingNetworks(client))) p.add(problem);
    p.throwIfAny(`network "${spec.name}" cannot be defined`);
    const xml = buildNetworkXml(spec);

    const { net } = await client.call('NETWORK_DEFINE_XML', { xml });
    const problems: NetworkStepProblem[] = [];
    if (options.autostart) {
      await client.call('NETWORK_SET_AUTOSTART', { net, autostart: 1 }).catch((e: unknown) => {
        const info = toErrorInfo(e);
        problems.push({ step: 'autostart', code: info.code, message: `network "${spec.name}" was defined but autostart could not be set: ${info.message}` });
      });
    }
    if (options.start) {
      await client.call('NETWORK_CREATE', { net }).catch((e: unknown) => {
        const info = toErrorInfo(e);
        problems.push({ step: 'start', code: info.code, message: `network "${spec.name}" was defined but could not be started: ${info.message}` });
      });
    }
    return { network: await networkSummary(client, hostId, net), problems };
  }

  async start(hostId: string, network: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('NETWORK_CREATE', { net: await lookup(client, network) });
  }

  async stop(hostId: string, network: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('NETWORK_DESTROY', { net: await lookup(client, network) });
  }

  async setAutostart(hostId: string, network: string, autostart: boolean): Promise<void> {
    const client = this.clients(hostId);
    await client.call('NETWORK_SET_AUTOSTART', { net: await lookup(client, network), autostart: autostart ? 1 : 0 });
  }

  async undefine(hostId: string, network: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('NETWORK_UNDEFINE', { net: await lookup(client, network) });
  }

  async dhcpLeases(hostId: string, network: string): Promise<DhcpLease[]> {
    const client = this.clients(hostId);
    const net = await lookup(client, network);
    const { leases } = await client.call('NETWORK_GET_DHCP_LEASES', { net, mac: null, need_results: 1, flags: 0 });
    return leases
      .map((l) => ({
        iface: l.iface,
        expiresAt: toNumber(l.expirytime) * 1000,
        family: l.type === 1 ? ('ipv6' as const) : ('ipv4' as const),
        mac: l.mac,
        ip: l.ipaddr,
        prefix: l.prefix,
        hostname: l.hostname,
        clientId: l.clientid,
      }))
      .sort((a, b) => a.ip.localeCompare(b.ip, undefined, { numeric: true }));
  }

  async hostInterfaces(hostId: string): Promise<HostInterfaces> {
    const client = this.clients(hostId);
    const uri = this.options.hostUri?.(hostId);
    return listHostInterfaces(client, { local: uri !== undefined && isLocalUri(uri), sysClassNet: this.options.sysClassNet });
  }
}

async function lookup(client: LibvirtClient, name: string): Promise<remote_nonnull_network> {
  return (await client.call('NETWORK_LOOKUP_BY_NAME', { name })).net;
}

/** Names, bridges and subnets of every network on the host, for overlap checks. */
async function existingNetworks(client: LibvirtClient): Promise<ExistingNetwork[]> {
  const { nets } = await client.call('CONNECT_LIST_ALL_NETWORKS', { need_results: 1, flags: 0 });
  const all = await Promise.all(
    nets.map(async (net) => {
      try {
        // The persistent definition is what will come back after a restart; the live one may differ.
        const { xml } = await client.call('NETWORK_GET_XML_DESC', { net, flags: 0 });
        const f = readNetworkXml(xml);
        return { name: net.name, bridge: f.bridge, subnets: f.subnets };
      } catch (e) {
        if (isLibvirt(e, 'VIR_ERR_NO_NETWORK')) return null;
        throw e;
      }
    }),
  );
  return all.filter((n): n is ExistingNetwork => n !== null);
}

async function networkSummary(client: LibvirtClient, hostId: string, net: remote_nonnull_network): Promise<NetworkSummary> {
  const [active, persistent, autostart, xml] = await Promise.all([
    client.call('NETWORK_IS_ACTIVE', { net }),
    client.call('NETWORK_IS_PERSISTENT', { net }),
    client.call('NETWORK_GET_AUTOSTART', { net }).catch((e: unknown) => {
      // Transient networks have no autostart.
      if (e instanceof LibvirtError) return { autostart: 0 };
      throw e;
    }),
    client.call('NETWORK_GET_XML_DESC', { net, flags: 0 }),
  ]);
  const f = readNetworkXml(xml.xml);
  return {
    hostId,
    name: net.name,
    uuid: uuidToString(net.uuid),
    mode: f.mode,
    active: active.active !== 0,
    persistent: persistent.persistent !== 0,
    autostart: autostart.autostart !== 0,
    bridge: f.bridge,
    ipv4: f.ipv4,
    ipv6: f.ipv6,
  };
}

