import { str } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

export const Input = defineView(
  'input',
  {
    type: str<'mouse' | 'tablet' | 'keyboard' | 'passthrough' | 'evdev'>('./@type'),
    bus: str<'usb' | 'ps2' | 'virtio' | 'xen'>('./@bus'),
    /** Host event device for type='evdev'. */
    sourceDev: str('./source/@dev'),
  },
  DeviceBase,
);
export type Input = InstanceType<typeof Input>;

/** Key `type:bus`, e.g. remove('tablet:usb'). */
export const inputKind: DeviceKind<Input> = { tag: 'input', View: Input, key: (i) => `${i.type ?? ''}:${i.bus ?? ''}` };
