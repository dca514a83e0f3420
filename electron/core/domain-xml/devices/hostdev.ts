import { hex, int, onOff, str, yesNo } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
}

/** Host device passthrough. USB by vendor/product (or bus/device), PCI by host address. */
export class Hostdev extends defineView(
  'hostdev',
  {
    mode: str<'subsystem' | 'capabilities'>('./@mode'),
    type: str<'usb' | 'pci' | 'scsi' | 'mdev'>('./@type'),
    managed: yesNo('./@managed'),
    usbVendor: hex('./source/vendor/@id', 4),
    usbProduct: hex('./source/product/@id', 4),
    /** USB source addresses are decimal, unlike PCI ones. */
    usbBus: int('./source/address/@bus'),
    usbDevice: int('./source/address/@device'),
    pciDomain: hex('./source/address/@domain', 4),
    pciBus: hex('./source/address/@bus', 2),
    pciSlot: hex('./source/address/@slot', 2),
    pciFunction: hex('./source/address/@function', 1),
    driverName: str('./driver/@name'),
    romBar: onOff('./rom/@bar'),
    romFile: str('./rom/@file'),
    bootOrder: int('./boot/@order'),
  },
  DeviceBase,
) {
  get pciAddress(): PciAddress | undefined {
    const { pciDomain, pciBus, pciSlot, pciFunction } = this;
    if (this.type !== 'pci' || pciDomain === undefined || pciBus === undefined || pciSlot === undefined || pciFunction === undefined) return undefined;
    return { domain: pciDomain, bus: pciBus, slot: pciSlot, function: pciFunction };
  }

  set pciAddress(a: PciAddress | undefined) {
    this.pciDomain = a?.domain;
    this.pciBus = a?.bus;
    this.pciSlot = a?.slot;
    this.pciFunction = a?.function;
  }
}

const h = (n: number | undefined, w: number): string => (n ?? 0).toString(16).padStart(w, '0');

/** Key `usb:046d:c52b` or `pci:0000:01:00.0`. */
export function hostdevKey(d: Hostdev): string | undefined {
  if (d.type === 'usb' && d.usbVendor !== undefined) return `usb:${h(d.usbVendor, 4)}:${h(d.usbProduct, 4)}`;
  const a = d.pciAddress;
  return a ? `pci:${h(a.domain, 4)}:${h(a.bus, 2)}:${h(a.slot, 2)}.${a.function.toString(16)}` : undefined;
}

export const hostdevKind: DeviceKind<Hostdev> = {
  tag: 'hostdev',
  View: Hostdev,
  key: hostdevKey,
  defaults: { mode: 'subsystem', type: undefined, managed: true },
};
