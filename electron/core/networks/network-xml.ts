// Network XML per libvirt's docs/formatnetwork.rst from a typed spec, after checking everything a
// user typed (and, given the host's other networks, overlaps); every problem is reported at once.
import type { Element as XmlElement } from '@xmldom/xmldom';
import type { NetworkSpec } from '../../../preload/contract/networks';
import { FORWARD_MODES } from '../../../preload/contract/networks';
import { Problems, checkObjectName } from '../storage/validate';
import { at, attr, children, el, parseXml, renderXml, type XmlNode } from '../storage/xml-util';
import { checkMac, contains, formatIp, formatSubnet, lastOf, netmaskToPrefix, normaliseMac, overlaps, parseIp, subnetOf, type Addr, type Subnet } from './ip';

/** What we know of the host's other networks, for overlap checks. */
export interface ExistingNetwork {
  name: string;
  bridge: string | null;
  subnets: Subnet[];
}

/** Linux interface names: at most 15 bytes, no '/', ':' or whitespace. */
export function checkIfName(name: string, what: string): string | null {
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 15) return `${what} "${name}" is longer than 15 characters`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) return `${what} "${name}" may only contain letters, digits and _ . -`;
  return null;
}

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function networkSpecProblems(spec: NetworkSpec, existing: ExistingNetwork[] = []): string[] {
  const p = new Problems();
  p.add(checkObjectName(spec.name, 'network name'));
  if (!(FORWARD_MODES as readonly string[]).includes(spec.mode)) {
    p.add(`mode "${String(spec.mode)}" is not one of ${FORWARD_MODES.join(', ')}`);
    return p.list;
  }
  if (existing.some((n) => n.name === spec.name)) p.add(`a network named "${spec.name}" already exists on this host`);

  if (spec.bridge !== undefined) {
    p.add(checkIfName(spec.bridge, 'bridge name'));
    const other = existing.find((n) => n.bridge === spec.bridge);
    if (other && spec.mode !== 'bridge') p.add(`bridge ${spec.bridge} is already used by network "${other.name}"`);
  }
  if (spec.forwardDev !== undefined) {
    if (spec.mode !== 'nat' && spec.mode !== 'route') p.add(`a forward device only applies to nat and route networks, not ${spec.mode}`);
    p.add(checkIfName(spec.forwardDev, 'forward device'));
  }
  if (spec.mtu !== undefined && (!Number.isInteger(spec.mtu) || spec.mtu < 68 || spec.mtu > 65535)) p.add(`MTU ${spec.mtu} is not between 68 and 65535`);
  if (spec.domain !== undefined && !DNS_NAME.test(spec.domain)) p.add(`domain "${spec.domain}" is not a DNS name (e.g. lab.internal)`);

  if (spec.mode === 'bridge') {
    if (spec.bridge === undefined) p.add('a bridge network needs the name of an existing host bridge (e.g. br0)');
    if (spec.ipv4 || spec.ipv6) p.add('a bridge network has no addresses or DHCP of its own (the host bridge’s LAN provides them)');
    if (spec.domain !== undefined) p.add('a bridge network has no DNS domain of its own');
    if (spec.mtu !== undefined) p.add('set the MTU on the host bridge itself, not on a bridge network');
    return p.list;
  }
  if (spec.mode === 'nat' && !spec.ipv4) p.add('a NAT network needs an IPv4 address and prefix');
  if ((spec.mode === 'route' || spec.mode === 'open') && !spec.ipv4 && !spec.ipv6) p.add(`a ${spec.mode} network needs an IPv4 or IPv6 address`);

  const mine: Subnet[] = [];
  if (spec.ipv4) {
    const v4 = spec.ipv4;
    const addr = parseIp(v4.address);
    const prefixOk = Number.isInteger(v4.prefix) && v4.prefix >= 8 && v4.prefix <= 30;
    if (!addr || addr.family !== 4) p.add(`IPv4 address "${v4.address}" is not an IPv4 address`);
    if (!prefixOk) p.add(`IPv4 prefix /${v4.prefix} is not between /8 and /30`);
    if (addr?.family === 4 && prefixOk) {
      const net = subnetOf(addr, v4.prefix);
      mine.push(net);
      const where = formatSubnet(net);
      if (addr.value === net.network) p.add(`${v4.address} is the network address of ${where}; use a host address such as ${formatIp({ family: 4, value: net.network + 1n })}`);
      if (addr.value === lastOf(net)) p.add(`${v4.address} is the broadcast address of ${where}`);
      if (v4.dhcp) rangeProblems(p, v4.dhcp, net, addr, 'DHCP range');
      const macs = new Set<string>();
      const ips = new Set<bigint>();
      (v4.hosts ?? []).forEach((h, i) => {
        const label = `static host ${i + 1}${h.name ? ` (${h.name})` : ''}`;
        const bad = checkMac(h.mac, `${label} MAC`);
        p.add(bad);
        if (!bad) {
          const m = normaliseMac(h.mac);
          if (macs.has(m)) p.add(`${label}: MAC ${h.mac} is listed twice`);
          macs.add(m);
        }
        const ip = parseIp(h.ip);
        if (!ip || ip.family !== 4) p.add(`${label}: "${h.ip}" is not an IPv4 address`);
        else {
          if (!usable(net, ip)) p.add(`${label}: ${h.ip} is not a usable address in ${where}`);
          else if (ip.value === addr.value) p.add(`${label}: ${h.ip} is the host's own address`);
          if (ips.has(ip.value)) p.add(`${label}: ${h.ip} is given to two hosts`);
          ips.add(ip.value);
        }
        if (h.name !== undefined && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(h.name)) p.add(`${label}: "${h.name}" is not a host name (letters, digits, -)`);
      });
    }
  }
  if (spec.ipv6) {
    const v6 = spec.ipv6;
    const addr = parseIp(v6.address);
    const prefixOk = Number.isInteger(v6.prefix) && v6.prefix >= 8 && v6.prefix <= 126;
    if (!addr || addr.family !== 6) p.add(`IPv6 address "${v6.address}" is not an IPv6 address`);
    if (!prefixOk) p.add(`IPv6 prefix /${v6.prefix} is not between /8 and /126`);
    if (addr?.family === 6 && prefixOk) {
      const net = subnetOf(addr, v6.prefix);
      mine.push(net);
      if (addr.value === net.network) p.add(`${v6.address} is the subnet-router address of ${formatSubnet(net)}; use e.g. ${formatIp({ family: 6, value: net.network + 1n })}`);
      if (v6.dhcp) {
        if (v6.prefix !== 64) p.add('DHCPv6 on libvirt networks needs a /64 prefix');
        rangeProblems(p, v6.dhcp, net, addr, 'DHCPv6 range');
      }
    }
  }
  for (const s of mine) {
    for (const n of existing) {
      const clash = n.subnets.find((o) => overlaps(o, s));
      if (clash) p.add(`${formatSubnet(s)} overlaps ${formatSubnet(clash)} of network "${n.name}"`);
    }
  }
  return p.list;
}

function usable(net: Subnet, a: Addr): boolean {
  if (!contains(net, a) || a.value === net.network) return false;
  return net.family === 6 || a.value !== lastOf(net);
}

function rangeProblems(p: Problems, r: { start: string; end: string }, net: Subnet, own: Addr, what: string): void {
  const s = parseIp(r.start);
  const e = parseIp(r.end);
  const where = formatSubnet(net);
  if (!s || s.family !== net.family) p.add(`${what} start "${r.start}" is not an IPv${net.family} address`);
  else if (!usable(net, s)) p.add(`${what} start ${r.start} is outside ${where}`);
  if (!e || e.family !== net.family) p.add(`${what} end "${r.end}" is not an IPv${net.family} address`);
  else if (!usable(net, e)) p.add(`${what} end ${r.end} is outside ${where}`);
  if (s && e && s.family === net.family && e.family === net.family && usable(net, s) && usable(net, e)) {
    if (s.value > e.value) p.add(`${what} starts (${r.start}) after it ends (${r.end})`);
    else if (own.value >= s.value && own.value <= e.value) p.add(`${what} ${r.start}-${r.end} includes the host's own address ${formatIp(own)}`);
  }
}

/** The network XML for a spec; throws INVALID_ARGUMENT listing every problem. */
export function buildNetworkXml(spec: NetworkSpec, existing: ExistingNetwork[] = []): string {
  const p = new Problems();
  for (const problem of networkSpecProblems(spec, existing)) p.add(problem);
  p.throwIfAny(`network "${spec.name}" cannot be defined`);
  return renderXml(networkNode(spec));
}

function networkNode(spec: NetworkSpec): XmlNode {
  const forward: XmlNode | undefined =
    spec.mode === 'isolated' ? undefined : el('forward', { mode: spec.mode, dev: spec.mode === 'nat' || spec.mode === 'route' ? spec.forwardDev : undefined });
  const bridge =
    spec.mode === 'bridge' ? el('bridge', { name: spec.bridge }) : el('bridge', { name: spec.bridge, stp: 'on', delay: 0 });
  const ipv4 =
    spec.ipv4 &&
    el(
      'ip',
      { address: spec.ipv4.address, prefix: spec.ipv4.prefix },
      (spec.ipv4.dhcp || (spec.ipv4.hosts?.length ?? 0) > 0) &&
        el(
          'dhcp',
          {},
          spec.ipv4.dhcp && el('range', { start: spec.ipv4.dhcp.start, end: spec.ipv4.dhcp.end }),
          ...(spec.ipv4.hosts ?? []).map((h) => el('host', { mac: normaliseMac(h.mac), name: h.name, ip: h.ip })),
        ),
    );
  const ipv6 =
    spec.ipv6 &&
    el(
      'ip',
      { family: 'ipv6', address: spec.ipv6.address, prefix: spec.ipv6.prefix },
      spec.ipv6.dhcp && el('dhcp', {}, el('range', { start: spec.ipv6.dhcp.start, end: spec.ipv6.dhcp.end })),
    );
  return el(
    'network',
    {},
    el('name', {}, spec.name),
    forward,
    bridge.attrs.length > 0 ? bridge : undefined,
    spec.mtu !== undefined && el('mtu', { size: spec.mtu }),
    spec.domain !== undefined && el('domain', { name: spec.domain, localOnly: 'yes' }),
    ipv4,
    ipv6,
  );
}

export interface NetworkXmlFacts {
  mode: string;
  bridge: string | null;
  ipv4: { address: string; prefix: number } | null;
  ipv6: { address: string; prefix: number } | null;
  subnets: Subnet[];
}

export function readNetworkXml(xml: string): NetworkXmlFacts {
  const root: XmlElement = parseXml(xml);
  const facts: NetworkXmlFacts = {
    mode: attr(at(root, 'forward'), 'mode') ?? (at(root, 'forward') ? 'nat' : 'isolated'),
    bridge: attr(at(root, 'bridge'), 'name') ?? null,
    ipv4: null,
    ipv6: null,
    subnets: [],
  };
  for (const ip of children(root, 'ip')) {
    const address = attr(ip, 'address');
    const a = address ? parseIp(address) : null;
    if (!address || !a) continue;
    const mask = attr(ip, 'netmask');
    const prefix = Number(attr(ip, 'prefix') ?? (mask ? netmaskToPrefix(mask) : a.family === 4 ? 24 : 64));
    if (!Number.isInteger(prefix)) continue;
    facts.subnets.push(subnetOf(a, prefix));
    if (a.family === 4 && !facts.ipv4) facts.ipv4 = { address, prefix };
    if (a.family === 6 && !facts.ipv6) facts.ipv6 = { address, prefix };
  }
  return facts;
}
