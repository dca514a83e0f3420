import type { Element } from '@xmldom/xmldom';
import { generateMac, normalizeMac } from '../mac';
import { int, str } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

export type InterfaceType = 'network' | 'bridge' | 'direct' | 'user' | 'ethernet' | 'hostdev' | 'vhostuser';

export class Interface extends defineView(
  'interface',
  {
    type: str<InterfaceType>('./@type'),
    mac: str('./mac/@address'),
    sourceNetwork: str('./source/@network'),
    sourceBridge: str('./source/@bridge'),
    sourceDev: str('./source/@dev'),
    /** macvtap mode for type='direct': vepa / bridge / private / passthrough. */
    sourceMode: str('./source/@mode'),
    portgroup: str('./source/@portgroup'),
    model: str('./model/@type'),
    linkState: str<'up' | 'down'>('./link/@state'),
    bootOrder: int('./boot/@order'),
    targetDev: str('./target/@dev'),
    driverName: str('./driver/@name'),
    driverQueues: int('./driver/@queues'),
    mtu: int('./mtu/@size'),
    virtualportType: str('./virtualport/@type'),
    filterref: str('./filterref/@filter'),
  },
  DeviceBase,
) {
  /** Switches the NIC's attachment, clearing source attributes of the previous kind. */
  attach(type: 'network' | 'bridge' | 'direct' | 'user', source?: string, mode?: string): void {
    this.sourceNetwork = undefined;
    this.sourceBridge = undefined;
    this.sourceDev = undefined;
    this.sourceMode = undefined;
    this.portgroup = undefined;
    this.type = type;
    if (type === 'network') this.sourceNetwork = source;
    else if (type === 'bridge') this.sourceBridge = source;
    else if (type === 'direct') {
      this.sourceDev = source;
      this.sourceMode = mode ?? 'vepa';
    }
  }
}

/** MACs already used by any NIC of the domain. */
export function domainMacs(domainRoot: Element): string[] {
  const out: string[] = [];
  const list = domainRoot.getElementsByTagName('mac');
  for (let i = 0; i < list.length; i++) {
    const a = list.item(i)?.getAttribute('address');
    if (a) out.push(a);
  }
  return out;
}

export const interfaceKind: DeviceKind<Interface> = {
  tag: 'interface',
  View: Interface,
  key: (i) => (i.mac === undefined ? undefined : normalizeMac(i.mac)),
  prepare: (i, root) => {
    const others = domainMacs(root).filter((m) => m !== i.mac);
    i.mac ??= generateMac(others);
  },
};
