// Virtual networks and host interfaces: the service main implements, its data, and argument schemas.
// Shapes only here; meaning (addresses inside the subnet, no overlap with other networks, MAC
// format) is checked in electron/core/networks/, which reports every problem at once.
import * as v from 'valibot';

// ---- data ---------------------------------------------------------------------------------------

/**
 * nat: guests reach outside through the host's address; route: routed without NAT; open: like
 * route but libvirt adds no firewall rules; isolated: guests and host only; bridge: guests join an
 * existing host bridge (libvirt manages no addresses).
 */
export const FORWARD_MODES = ['nat', 'route', 'open', 'isolated', 'bridge'] as const;
export type ForwardMode = (typeof FORWARD_MODES)[number];

export interface DhcpRange {
  start: string;
  end: string;
}

/** A fixed address for one guest NIC. */
export interface DhcpStaticHost {
  mac: string;
  ip: string;
  name?: string;
}

export interface Ipv4Config {
  /** The host's address on the network, e.g. 10.213.5.1. */
  address: string;
  /** e.g. 24. */
  prefix: number;
  dhcp?: DhcpRange;
  hosts?: DhcpStaticHost[];
}

export interface Ipv6Config {
  address: string;
  prefix: number;
  dhcp?: DhcpRange;
}

/** What the network wizard collects. */
export interface NetworkSpec {
  name: string;
  mode: ForwardMode;
  /** The bridge libvirt creates (default: libvirt picks virbrN), or, for mode 'bridge', the existing host bridge (required). */
  bridge?: string;
  /** nat/route: only forward through this host interface. */
  forwardDev?: string;
  ipv4?: Ipv4Config;
  ipv6?: Ipv6Config;
  /** DNS domain for guests, e.g. lab.internal. */
  domain?: string;
  mtu?: number;
}

export interface NetworkSummary {
  hostId: string;
  name: string;
  uuid: string;
  /** One of FORWARD_MODES, or what libvirt says for networks made elsewhere (e.g. 'passthrough'). */
  mode: string;
  active: boolean;
  persistent: boolean;
  autostart: boolean;
  bridge: string | null;
  ipv4: { address: string; prefix: number } | null;
  ipv6: { address: string; prefix: number } | null;
}

export interface DefineNetworkOptions {
  start?: boolean;
  autostart?: boolean;
}

/** A step after define that failed while the definition was kept. */
export interface NetworkStepProblem {
  step: 'start' | 'autostart';
  code: string;
  message: string;
}

export interface DefineNetworkResult {
  network: NetworkSummary;
  /** Empty when everything asked for happened. */
  problems: NetworkStepProblem[];
}

export interface DhcpLease {
  /** Bridge the lease was given on. */
  iface: string;
  /** Unix time in milliseconds. */
  expiresAt: number;
  family: 'ipv4' | 'ipv6';
  mac: string | null;
  ip: string;
  prefix: number;
  hostname: string | null;
  clientId: string | null;
}

export interface HostInterface {
  name: string;
  mac: string | null;
  /** 'ethernet', 'bridge', 'bond', 'vlan', ... as libvirt reports. */
  type: string;
  active: boolean;
}

export interface HostInterfaces {
  /** From libvirt's interface driver; empty when the host has none. */
  interfaces: HostInterface[];
  /** Bridges a guest NIC can join: libvirt's bridge interfaces, plus /sys/class/net bridges for a local host. */
  bridges: string[];
  /** Why a list is empty or partial, for the user. */
  note?: string;
}

export interface NetworksService {
  list(hostId: string): Promise<NetworkSummary[]>;
  get(hostId: string, network: string): Promise<NetworkSummary>;
  xml(hostId: string, network: string, inactive?: boolean): Promise<string>;
  /** The XML define would send, or INVALID_ARGUMENT listing every problem (including overlaps on this host). */
  previewXml(hostId: string, spec: NetworkSpec): Promise<string>;
  define(hostId: string, spec: NetworkSpec, options?: DefineNetworkOptions): Promise<DefineNetworkResult>;
  start(hostId: string, network: string): Promise<void>;
  stop(hostId: string, network: string): Promise<void>;
  setAutostart(hostId: string, network: string, autostart: boolean): Promise<void>;
  /** Removes the definition; a running network keeps running until stopped (then it is gone). */
  undefine(hostId: string, network: string): Promise<void>;
  dhcpLeases(hostId: string, network: string): Promise<DhcpLease[]>;
  hostInterfaces(hostId: string): Promise<HostInterfaces>;
}

// ---- argument schemas -------------------------------------------------------------------------

const hostId = v.pipe(v.string(), v.uuid('host id must be a UUID'));
const netName = v.pipe(v.string(), v.minLength(1, 'name is empty'), v.maxLength(255, 'name is too long'));
const str = v.pipe(v.string(), v.maxLength(255, 'too long'));
const int = v.pipe(v.number(), v.integer('must be a whole number'));
const range = v.strictObject({ start: str, end: str });

const networkSpec = v.strictObject({
  name: netName,
  mode: v.picklist(FORWARD_MODES),
  bridge: v.optional(str),
  forwardDev: v.optional(str),
  ipv4: v.optional(
    v.strictObject({
      address: str,
      prefix: int,
      dhcp: v.optional(range),
      hosts: v.optional(v.pipe(v.array(v.strictObject({ mac: str, ip: str, name: v.optional(str) })), v.maxLength(4096))),
    }),
  ),
  ipv6: v.optional(v.strictObject({ address: str, prefix: int, dhcp: v.optional(range) })),
  domain: v.optional(str),
  mtu: v.optional(int),
});

/** Argument tuples for NetworksService (strict: extra arguments are refused). */
export const networksArgSchemas = {
  list: v.strictTuple([hostId]),
  get: v.strictTuple([hostId, netName]),
  xml: v.union([v.strictTuple([hostId, netName]), v.strictTuple([hostId, netName, v.boolean()])]),
  previewXml: v.strictTuple([hostId, networkSpec]),
  define: v.union([
    v.strictTuple([hostId, networkSpec]),
    v.strictTuple([hostId, networkSpec, v.strictObject({ start: v.optional(v.boolean()), autostart: v.optional(v.boolean()) })]),
  ]),
  start: v.strictTuple([hostId, netName]),
  stop: v.strictTuple([hostId, netName]),
  setAutostart: v.strictTuple([hostId, netName, v.boolean()]),
  undefine: v.strictTuple([hostId, netName]),
  dhcpLeases: v.strictTuple([hostId, netName]),
  hostInterfaces: v.strictTuple([hostId]),
} satisfies { [M in keyof NetworksService]: v.GenericSchema<unknown, Parameters<NetworksService[M]>> };
