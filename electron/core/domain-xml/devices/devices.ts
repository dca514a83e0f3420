import type { Element } from '@xmldom/xmldom';
import { DeviceList, ReadonlyDeviceList } from './device-list';
import { diskKind, type Disk } from './disk';
import { interfaceKind, type Interface } from './interface';
import { graphicsKind, type Graphics } from './graphics';
import { videoKind, type Video } from './video';
import { soundKind, type Sound } from './sound';
import { inputKind, type Input } from './input';
import { hostdevKind, type Hostdev } from './hostdev';
import { redirdevKind, type Redirdev } from './redirdev';
import { channelKind, consoleKind, serialKind, type Channel, type Console, type Serial } from './chardev';
import { controllerKind, filesystemKind, rngKind, tpmKind, watchdogKind, type Controller, type Filesystem, type Rng, type Tpm, type Watchdog } from './misc';

/** Typed lists of the domain's devices, one per kind; each call reads the live DOM. */
export class Devices {
  constructor(private readonly root: Element) {}

  get disks(): DeviceList<Disk> {
    return new DeviceList(this.root, diskKind);
  }
  get interfaces(): DeviceList<Interface> {
    return new DeviceList(this.root, interfaceKind);
  }
  get graphics(): DeviceList<Graphics> {
    return new DeviceList(this.root, graphicsKind);
  }
  get videos(): DeviceList<Video> {
    return new DeviceList(this.root, videoKind);
  }
  get sounds(): DeviceList<Sound> {
    return new DeviceList(this.root, soundKind);
  }
  get inputs(): DeviceList<Input> {
    return new DeviceList(this.root, inputKind);
  }
  get hostdevs(): DeviceList<Hostdev> {
    return new DeviceList(this.root, hostdevKind);
  }
  get redirdevs(): DeviceList<Redirdev> {
    return new DeviceList(this.root, redirdevKind);
  }
  get serials(): DeviceList<Serial> {
    return new DeviceList(this.root, serialKind);
  }
  get consoles(): DeviceList<Console> {
    return new DeviceList(this.root, consoleKind);
  }
  get channels(): DeviceList<Channel> {
    return new DeviceList(this.root, channelKind);
  }
  get watchdogs(): DeviceList<Watchdog> {
    return new DeviceList(this.root, watchdogKind);
  }
  get tpms(): DeviceList<Tpm> {
    return new DeviceList(this.root, tpmKind);
  }
  get rngs(): DeviceList<Rng> {
    return new DeviceList(this.root, rngKind);
  }
  get filesystems(): DeviceList<Filesystem> {
    return new DeviceList(this.root, filesystemKind);
  }
  get controllers(): ReadonlyDeviceList<Controller> {
    return new ReadonlyDeviceList(this.root, controllerKind);
  }
}
