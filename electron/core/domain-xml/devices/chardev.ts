import { int, onOff, str } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

/** Shared shape of serial, console and channel devices. */
export const CharDevice = defineView(
  'chardev',
  {
    type: str('./@type'),
    sourcePath: str('./source/@path'),
    sourceMode: str<'bind' | 'connect'>('./source/@mode'),
    sourceHost: str('./source/@host'),
    sourceService: str('./source/@service'),
    targetType: str('./target/@type'),
    targetPort: int('./target/@port'),
    targetModel: str('./target/model/@name'),
    protocolType: str<'raw' | 'telnet' | 'telnets' | 'tls'>('./protocol/@type'),
    logFile: str('./log/@file'),
    logAppend: onOff('./log/@append'),
  },
  DeviceBase,
);

export const Serial = defineView('serial', {}, CharDevice);
export type Serial = InstanceType<typeof Serial>;
export const Console = defineView('console', {}, CharDevice);
export type Console = InstanceType<typeof Console>;
export const Channel = defineView(
  'channel',
  {
    /** e.g. org.qemu.guest_agent.0, com.redhat.spice.0 */
    targetName: str('./target/@name'),
    targetState: str('./target/@state'),
  },
  CharDevice,
);
export type Channel = InstanceType<typeof Channel>;

const port = (d: { targetPort: number | undefined }): string | undefined => (d.targetPort === undefined ? undefined : String(d.targetPort));

export const serialKind: DeviceKind<Serial> = { tag: 'serial', View: Serial, key: port };
export const consoleKind: DeviceKind<Console> = { tag: 'console', View: Console, key: port };
export const channelKind: DeviceKind<Channel> = { tag: 'channel', View: Channel, key: (c) => c.targetName };
