import { int, str } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

/** USB redirection, usually `<redirdev bus='usb' type='spicevmc'/>` channels for SPICE. */
export const Redirdev = defineView(
  'redirdev',
  {
    bus: str('./@bus'),
    type: str<'spicevmc' | 'tcp'>('./@type'),
    sourceHost: str('./source/@host'),
    sourceService: str('./source/@service'),
    bootOrder: int('./boot/@order'),
  },
  DeviceBase,
);
export type Redirdev = InstanceType<typeof Redirdev>;

export const redirdevKind: DeviceKind<Redirdev> = {
  tag: 'redirdev',
  View: Redirdev,
  defaults: { bus: 'usb', type: 'spicevmc' },
};
