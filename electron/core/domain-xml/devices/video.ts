import { int, str, yesNo } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

/** `<video><model type='qxl' vram='65536' heads='1'/>`; memory sizes are KiB. */
export const Video = defineView(
  'video',
  {
    modelType: str('./model/@type'),
    vram: int('./model/@vram'),
    ram: int('./model/@ram'),
    vgamem: int('./model/@vgamem'),
    heads: int('./model/@heads'),
    primary: yesNo('./model/@primary'),
    accel3d: yesNo('./model/acceleration/@accel3d'),
  },
  DeviceBase,
);
export type Video = InstanceType<typeof Video>;

export const videoKind: DeviceKind<Video> = { tag: 'video', View: Video, key: (v) => v.modelType };
