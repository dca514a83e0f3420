import { int, str } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

export const Sound = defineView(
  'sound',
  {
    model: str('./@model'),
    codecType: str('./codec/@type'),
    audioId: int('./audio/@id'),
  },
  DeviceBase,
);
export type Sound = InstanceType<typeof Sound>;

export const soundKind: DeviceKind<Sound> = { tag: 'sound', View: Sound, key: (s) => s.model };
