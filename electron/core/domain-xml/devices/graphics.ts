import { int, str, yesNo } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

export type GraphicsListen = { type: 'address'; address: string } | { type: 'none' } | { type: 'socket'; socket?: string } | { type: 'network'; network: string };

/** SPICE/VNC display. `passwd` is secret: masked in toJSON, inspect and diffs. */
export class Graphics extends defineView(
  'graphics',
  {
    type: str<'spice' | 'vnc' | 'sdl' | 'egl-headless' | 'dbus'>('./@type'),
    port: int('./@port'),
    autoport: yesNo('./@autoport'),
    tlsPort: int('./@tlsPort'),
    listen: str('./@listen'),
    listenType: str('./listen/@type'),
    listenAddress: str('./listen/@address'),
    listenNetwork: str('./listen/@network'),
    listenSocket: str('./listen/@socket'),
    passwd: str('./@passwd', { secret: true }),
    passwdValidTo: str('./@passwdValidTo'),
    keymap: str('./@keymap'),
    imageCompression: str('./image/@compression'),
    glEnable: yesNo('./gl/@enable'),
    glRendernode: str('./gl/@rendernode'),
    copypaste: yesNo('./clipboard/@copypaste'),
    fileTransfer: yesNo('./filetransfer/@enable'),
  },
  DeviceBase,
) {
  /** Sets `<listen>` and keeps the legacy `listen=` attribute consistent as libvirt does. */
  setListen(l: GraphicsListen): void {
    this.listenAddress = undefined;
    this.listenNetwork = undefined;
    this.listenSocket = undefined;
    this.listenType = l.type;
    this.listen = l.type === 'address' ? l.address : undefined;
    if (l.type === 'address') this.listenAddress = l.address;
    else if (l.type === 'network') this.listenNetwork = l.network;
    else if (l.type === 'socket' && l.socket !== undefined) this.listenSocket = l.socket;
  }

  /** Automatic port allocation (drops a fixed port), or a fixed port. */
  setPort(port: number | 'auto'): void {
    if (port === 'auto') {
      this.port = -1;
      this.autoport = true;
    } else {
      this.autoport = false;
      this.port = port;
    }
  }
}

export const graphicsKind: DeviceKind<Graphics> = { tag: 'graphics', View: Graphics, key: (g) => g.type };
