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
  /** Fills in what a new device needs (e.g. a fresh MAC), after the caller's values. */
  prepare?(v: V, domainRoot: import('@xmldom/xmldom').Element): void;
}
