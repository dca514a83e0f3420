// Writes contract device properties onto domain-xml views, for adding (whole props) and updating
// (patch: absent keeps, null clears). The same writers re-apply a change to the *live* device
// when it is updated on a running VM, so only the intended field differs from what runs.
import type { DeviceKindName, GraphicsListenSpec, IoTune } from '../../../../preload/contract/hardware';
import {
  normalizeMac,
  type Channel,
  type Disk,
  type DeviceView,
  type DomainXml,
  type Filesystem,
  type Graphics,
  type Hostdev,
  type Input,
  type Interface,
  type Redirdev,
  type Rng,
  type Serial,
  type Sound,
  type Tpm,
  type Video,
  type Watchdog,
} from '../../domain-xml';
import { cleared, has, val, type ChangeIssues, type Props } from './values';

interface Ctx {
  dom: DomainXml;
  adding: boolean;
  issues: ChangeIssues;
}

const BUS_PREFIX: Record<string, string> = { virtio: 'vd', sata: 'sd', scsi: 'sd', usb: 'sd', ide: 'hd', fdc: 'fd', xen: 'xvd' };

/** First free target name for a bus (vda, vdb…; sata/scsi/usb share the sd namespace). */
export function nextTarget(dom: DomainXml, bus: string | undefined): string | undefined {
  const prefix = BUS_PREFIX[bus ?? 'virtio'];
  if (!prefix) return undefined;
  const used = new Set(dom.devices.disks.all().map((d) => d.targetDev));
  const letters = (n: number): string => (n < 26 ? String.fromCharCode(97 + n) : letters(Math.floor(n / 26) - 1) + String.fromCharCode(97 + (n % 26)));
  for (let i = 0; i < 26 * 27; i++) if (!used.has(prefix + letters(i))) return prefix + letters(i);
  return undefined;
}

/** libvirt refuses per-device boot order next to `<os><boot dev>`: giving one switches styles. */
function setBootOrder(dom: DomainXml, dev: { bootOrder: number | undefined }, order: number | undefined): void {
  dev.bootOrder = order;
  if (order !== undefined) dom.os.bootDevices = [];
}

const IOTUNE_KEYS = ['readBytesSec', 'writeBytesSec', 'totalBytesSec', 'readIopsSec', 'writeIopsSec', 'totalIopsSec'] as const;

export function writeIoTune(d: Disk, tune: IoTune | undefined, issues: ChangeIssues): void {
  // iotune is replaced as a whole: a limit left out is lifted.
  for (const k of IOTUNE_KEYS) {
    const v = tune ? issues.int(tune, k, 'a limit') : undefined;
    d[k] = v === 0 ? undefined : v;
  }
}

function disk(d: Disk, p: Props, { dom, adding, issues }: Ctx): void {
  if (has(p, 'device')) d.device = val(p, 'device');
  if (has(p, 'bus')) d.targetBus = val(p, 'bus');
  if (has(p, 'target')) d.targetDev = val(p, 'target');
  else if (adding) {
    d.targetDev = nextTarget(dom, d.targetBus);
    if (!d.targetDev) issues.add('target', `no free target name for bus '${d.targetBus ?? ''}'`);
  }
  if (has(p, 'source') || has(p, 'sourceType')) {
    const type = val<string>(p, 'sourceType') ?? (d.type === 'block' ? 'block' : 'file');
    const src = has(p, 'source') ? val<string>(p, 'source') : (d.sourceFile ?? d.sourceDev);
    if (type !== 'file' && type !== 'block') issues.add('sourceType', 'only file and block device sources can be set here');
    else if (src === undefined || src === '') {
      if (d.isRemovable) {
        d.eject();
        d.type = 'file';
      } else issues.add('source', 'a disk needs an image file or block device');
    } else {
      d.type = type;
      d.sourceFile = type === 'file' ? src : undefined;
      d.sourceDev = type === 'block' ? src : undefined;
    }
  }
  if (has(p, 'format')) {
    d.driverType = val(p, 'format');
    d.driverName ??= 'qemu';
  }
  if (has(p, 'cache')) d.cache = val(p, 'cache');
  if (has(p, 'io')) d.io = val(p, 'io');
  if (has(p, 'discard')) d.discard = val(p, 'discard');
  if (has(p, 'readonly')) d.readonly = val<boolean>(p, 'readonly') ?? false;
  else if (adding && d.device === 'cdrom') d.readonly = true;
  if (has(p, 'shareable')) d.shareable = val<boolean>(p, 'shareable') ?? false;
  if (has(p, 'bootOrder')) setBootOrder(dom, d, issues.int(p, 'bootOrder', 'boot order', 1));
  if (has(p, 'iotune') || cleared(p, 'iotune')) writeIoTune(d, val<IoTune>(p, 'iotune'), issues.nested('iotune'));
  if (adding) d.driverName ??= 'qemu';
}

const NIC_ATTACH = new Set(['network', 'bridge', 'direct', 'user']);

function nic(n: Interface, p: Props, { dom, issues }: Ctx): void {
  if (has(p, 'type') || has(p, 'source') || has(p, 'sourceMode')) {
    const type = val<string>(p, 'type') ?? n.type ?? 'network';
    const current = n.sourceNetwork ?? n.sourceBridge ?? n.sourceDev;
    const source = has(p, 'source') ? val<string>(p, 'source') : type === n.type ? current : undefined;
    if (!NIC_ATTACH.has(type)) issues.add('type', 'only network, bridge, direct and user NICs can be set up here');
    else n.attach(type as 'network', source, val<string>(p, 'sourceMode') ?? (type === n.type ? n.sourceMode : undefined));
  }
  if (has(p, 'mac')) {
    const mac = val<string>(p, 'mac');
    n.mac = mac === undefined ? undefined : normalizeMac(mac);
  }
  if (has(p, 'model')) n.model = val(p, 'model');
  // Explicit 'up' rather than no <link>: update-device needs it to bring a downed link back.
  if (has(p, 'linkState')) n.linkState = val(p, 'linkState') ?? 'up';
  if (has(p, 'bootOrder')) setBootOrder(dom, n, issues.int(p, 'bootOrder', 'boot order', 1));
}

function graphics(g: Graphics, p: Props, { issues }: Ctx): void {
  if (has(p, 'type')) g.type = val(p, 'type');
  const l = val<GraphicsListenSpec>(p, 'listen');
  if (l) g.setListen(l.type === 'socket' ? { type: 'socket' } : l);
  if (has(p, 'port')) {
    const port = val<number | 'auto'>(p, 'port') ?? 'auto';
    if (port === 'auto') g.setPort('auto');
    else {
      const n = issues.int(p, 'port', 'port', 1, 65535);
      if (n !== undefined) g.setPort(n);
    }
  }
  if (has(p, 'password') || cleared(p, 'password')) g.passwd = val<string>(p, 'password') || undefined;
}

function video(v: Video, p: Props, { issues }: Ctx): void {
  if (has(p, 'model')) v.modelType = val(p, 'model');
  if (has(p, 'vramKiB')) v.vram = issues.int(p, 'vramKiB', 'video memory', 1);
  if (has(p, 'heads')) v.heads = issues.int(p, 'heads', 'heads', 1, 16);
  if (has(p, 'accel3d')) v.accel3d = val(p, 'accel3d');
}

function sound(s: Sound, p: Props): void {
  if (has(p, 'model')) s.model = val(p, 'model');
}

function input(i: Input, p: Props): void {
  if (has(p, 'type')) i.type = val(p, 'type');
  if (has(p, 'bus')) i.bus = val(p, 'bus');
}

function hostdev(h: Hostdev, p: Props, { issues }: Ctx): void {
  if (has(p, 'type')) h.type = val(p, 'type');
  if (has(p, 'vendor')) h.usbVendor = issues.int(p, 'vendor', 'vendor id', 0, 0xffff);
  if (has(p, 'product')) h.usbProduct = issues.int(p, 'product', 'product id', 0, 0xffff);
  if (has(p, 'pciAddress')) {
    const a = val<string>(p, 'pciAddress');
    const m = a === undefined ? null : /^(?:([0-9a-f]{1,4}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i.exec(a);
    if (a !== undefined && !m) issues.add('pciAddress', `'${a}' is not a PCI address like 0000:01:00.0`);
    else h.pciAddress = m ? { domain: parseInt(m[1] ?? '0', 16), bus: parseInt(m[2] ?? '0', 16), slot: parseInt(m[3] ?? '0', 16), function: Number(m[4]) } : undefined;
  }
  if (h.type === 'usb' && (h.usbVendor === undefined || h.usbProduct === undefined)) issues.add('vendor', 'a USB host device needs vendor and product ids');
}

function redirdev(r: Redirdev, p: Props): void {
  if (has(p, 'type')) r.type = val(p, 'type');
  if (has(p, 'host')) r.sourceHost = val(p, 'host');
  if (has(p, 'service')) r.sourceService = val(p, 'service');
  // libvirt wants <source mode='connect'> for a tcp redirdev; the model has no property for it.
  const src = r.el.getElementsByTagName('source').item(0);
  if (r.type === 'tcp' && src && !src.hasAttribute('mode')) src.setAttribute('mode', 'connect');
}

function char(c: Serial | Channel, p: Props, { issues }: Ctx): void {
  if (has(p, 'type')) c.type = val(p, 'type');
  if (has(p, 'path')) c.sourcePath = val(p, 'path');
  if (has(p, 'host')) c.sourceHost = val(p, 'host');
  if (has(p, 'service')) c.sourceService = val(p, 'service');
  if (has(p, 'mode')) c.sourceMode = val(p, 'mode');
  if (has(p, 'targetType')) c.targetType = val(p, 'targetType');
  if (has(p, 'port')) c.targetPort = issues.int(p, 'port', 'port number', 0, 255);
  if (has(p, 'name')) (c as Channel).targetName = val(p, 'name');
}

function watchdog(w: Watchdog, p: Props): void {
  if (has(p, 'model')) w.model = val(p, 'model');
  if (has(p, 'action')) w.action = val(p, 'action');
}

function tpm(t: Tpm, p: Props): void {
  if (has(p, 'model')) t.model = val(p, 'model');
  if (has(p, 'backend')) t.backendType = val(p, 'backend');
  if (has(p, 'version')) t.backendVersion = val(p, 'version');
  if (has(p, 'devicePath')) t.backendDevicePath = val(p, 'devicePath');
}

function rng(r: Rng, p: Props): void {
  if (has(p, 'model')) r.model = val(p, 'model');
  if (has(p, 'backend')) r.backendModel = val(p, 'backend');
  if (has(p, 'device')) r.backendDevice = val(p, 'device');
}

function filesystem(f: Filesystem, p: Props, { dom, adding }: Ctx): void {
  if (has(p, 'driver')) f.driverType = val(p, 'driver');
  if (has(p, 'source')) f.sourceDir = val(p, 'source');
  if (has(p, 'target')) f.targetDir = val(p, 'target');
  if (has(p, 'readonly')) f.readonly = val<boolean>(p, 'readonly') ?? false;
  if (has(p, 'accessmode')) f.accessmode = val(p, 'accessmode');
  if (adding && f.driverType === 'virtiofs' && dom.memory.accessMode !== 'shared') {
    // virtiofsd maps guest RAM: it must be shared memory (virt-manager sets the same up).
    dom.memory.sourceType ??= 'memfd';
    dom.memory.accessMode = 'shared';
  }
}

type Writer = (view: never, p: Props, ctx: Ctx) => void;
const WRITERS: Record<DeviceKindName, Writer> = {
  disk,
  nic,
  graphics,
  video,
  sound,
  input,
  hostdev,
  redirdev,
  serial: char,
  console: char,
  channel: char,
  watchdog,
  tpm,
  rng,
  filesystem,
};

export function writeDevice(kind: DeviceKindName, view: DeviceView, props: Props, ctx: Ctx): void {
  (WRITERS[kind] as (v: DeviceView, p: Props, c: Ctx) => void)(view, props, ctx);
}

/** What a new device of each kind starts as before the user's props (the XML attributes it must have). */
export const ADD_INIT: Partial<Record<DeviceKindName, (p: Props) => Record<string, unknown>>> = {
  disk: (p) => ({ type: val<string>(p, 'sourceType') === 'block' ? 'block' : 'file', device: val(p, 'device') ?? 'disk' }),
  nic: (p) => ({ type: val(p, 'type') ?? 'network', ...(has(p, 'mac') ? { mac: normalizeMac(val<string>(p, 'mac') ?? '') } : {}) }),
  graphics: (p) => ({ type: val(p, 'type') }),
  hostdev: (p) => ({ type: val(p, 'type') ?? 'usb' }),
  input: (p) => ({ type: val(p, 'type') }),
  serial: (p) => ({ type: val(p, 'type') ?? 'pty' }),
  console: (p) => ({ type: val(p, 'type') ?? 'pty' }),
  channel: (p) => ({ type: val(p, 'type') ?? 'unix' }),
  watchdog: (p) => ({ model: val(p, 'model') }),
  tpm: (p) => ({ model: val(p, 'model') }),
  rng: (p) => ({ model: val(p, 'model') ?? 'virtio' }),
  filesystem: (p) => ({ type: 'mount', accessmode: val(p, 'accessmode') ?? (val(p, 'driver') === 'virtiofs' ? 'passthrough' : undefined) }),
};

/** validateDomain field names → contract prop names, to point issues at the field the user edited. */
export const FIELD_NAMES: Record<string, string> = {
  targetDev: 'target',
  sourceFile: 'source',
  sourceDev: 'source',
  sourceNetwork: 'source',
  sourceBridge: 'source',
  passwd: 'password',
  vram: 'vramKiB',
  usbVendor: 'vendor',
  usbProduct: 'product',
  sourceService: 'service',
  sourcePath: 'path',
  backendDevicePath: 'devicePath',
  backendDevice: 'device',
  sourceDir: 'source',
  targetDir: 'target',
  driverType: 'driver',
  readBytesSec: 'iotune.readBytesSec',
  writeBytesSec: 'iotune.writeBytesSec',
  totalBytesSec: 'iotune.totalBytesSec',
  readIopsSec: 'iotune.readIopsSec',
  writeIopsSec: 'iotune.writeIopsSec',
  totalIopsSec: 'iotune.totalIopsSec',
};
