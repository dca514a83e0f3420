import { str } from '../xml/props';
import { defineView, type XmlView } from '../xml/view';

/** Properties every device element shares. */
export const DeviceBase = defineView('device', {
  alias: str('./alias/@name'),
  addressType: str('./address/@type'),
});
export type DeviceView = InstanceType<typeof DeviceBase>;

/** How a device kind lives under `<devices>` and how a user names one of them. */
export interface DeviceKind<V extends XmlView> {
  readonly tag: string;
  readonly View: new (el: import('@xmldom/xmldom').Element) => V;
  /** Identity for find/remove besides alias and index (target dev, MAC, tag…). */
  key?(v: V): string | undefined;
  /**
   * Values a new device starts with unless the caller gives its own. Keys are applied in this
   * order first (an undefined entry only reserves the position), so attributes come out in
   * libvirt's usual order.
   */
  defaults?: import('./device-list').DeviceInit<V>;
  /** Fills in what a new device needs (e.g. a fresh MAC), after the caller's values. */
  prepare?(v: V, domainRoot: import('@xmldom/xmldom').Element): void;
}
