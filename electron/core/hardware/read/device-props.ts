// Reads each device kind's editable properties (contract shapes) and a one-line summary from the
// domain-xml views. Graphics passwords are reduced to `hasPassword`: they never leave main.
import type { DeviceConfig, DeviceKindName, DevicePropsByKind, GraphicsListenSpec } from '../../../../preload/contract/hardware';
import type { Channel, Console, Disk, DeviceView, Filesystem, Graphics, Hostdev, Input, Interface, Redirdev, Rng, Serial, Sound, Tpm, Video, Watchdog } from '../../domain-xml';

type Reader<K extends DeviceKindName> = (view: never) => { props: DevicePropsByKind[K]; summary: string };

const hex4 = (n: number | undefined): string => (n ?? 0).toString(16).padStart(4, '0');
/** Drops undefined values so the JSON stays minimal and comparisons (live diff) are exact. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function diskSource(d: Disk): string | undefined {
  if (d.sourceFile !== undefined || d.sourceDev !== undefined || d.sourceDir !== undefined) return d.sourceFile ?? d.sourceDev ?? d.sourceDir;
  if (d.sourcePool !== undefined) return `${d.sourcePool}/${d.sourceVolume ?? ''}`;
  if (d.sourceProtocol !== undefined) return `${d.sourceProtocol}://${d.sourceHost ?? ''}/${d.sourceName ?? ''}`;
  return undefined;
}

const disk = (d: Disk) => {
  const iotune = clean({
    readBytesSec: d.readBytesSec,
    writeBytesSec: d.writeBytesSec,
    totalBytesSec: d.totalBytesSec,
    readIopsSec: d.readIopsSec,
    writeIopsSec: d.writeIopsSec,
    totalIopsSec: d.totalIopsSec,
  });
  const props = clean({
    device: d.device ?? 'disk',
    source: diskSource(d),
    sourceType: d.type,
    bus: d.targetBus ?? '',
    target: d.targetDev ?? '',
    format: d.driverType,
    cache: d.cache as DevicePropsByKind['disk']['cache'],
    io: d.io as DevicePropsByKind['disk']['io'],
    discard: d.discard,
    readonly: d.readonly === true,
    shareable: d.shareable === true,
    bootOrder: d.bootOrder,
    iotune,
  });
  const what = props.device === 'cdrom' ? 'CD-ROM' : props.device === 'floppy' ? 'Floppy' : 'Disk';
  return { props, summary: `${what} ${props.target} (${props.bus})${props.source ? `: ${props.source}` : props.device === 'disk' ? '' : ': empty'}` };
};

const nic = (n: Interface) => {
  const source = n.type === 'network' ? n.sourceNetwork : n.type === 'bridge' ? n.sourceBridge : n.type === 'direct' ? n.sourceDev : undefined;
  const props = clean({
    type: n.type ?? 'network',
    source,
    sourceMode: n.type === 'direct' ? n.sourceMode : undefined,
    mac: n.mac ?? '',
    model: n.model,
    linkState: n.linkState === 'down' ? ('down' as const) : ('up' as const),
    bootOrder: n.bootOrder,
  });
  return { props, summary: `NIC ${props.mac} (${props.type}${source ? ` ${source}` : ''}${props.model ? `, ${props.model}` : ''})${props.linkState === 'down' ? ', link down' : ''}` };
};

function graphicsListen(g: Graphics): GraphicsListenSpec {
  const type = g.listenType ?? (g.listen !== undefined ? 'address' : undefined);
  if (type === 'none') return { type: 'none' };
  if (type === 'socket') return { type: 'socket' };
  if (type === 'network' && g.listenNetwork !== undefined) return { type: 'network', network: g.listenNetwork };
  return { type: 'address', address: g.listenAddress ?? g.listen ?? '127.0.0.1' };
}

const graphics = (g: Graphics) => {
  // A live autoport display reports the port it got; show 'auto' on both sides so they compare equal.
  const port: number | 'auto' = g.autoport === true || g.port === undefined || g.port === -1 ? 'auto' : g.port;
  const props = { type: (g.type === 'vnc' ? 'vnc' : 'spice') as 'spice' | 'vnc', listen: graphicsListen(g), port, hasPassword: g.passwd !== undefined };
  const where = props.listen.type === 'address' ? props.listen.address : props.listen.type;
  return { props, summary: `${props.type.toUpperCase()} display on ${where}${port === 'auto' ? '' : `:${port}`}` };
};

const video = (v: Video) => {
  const props = clean({ model: v.modelType ?? 'none', vramKiB: v.vram, heads: v.heads, accel3d: v.accel3d });
  return { props, summary: `Video ${props.model}` };
};
const sound = (s: Sound) => ({ props: { model: s.model ?? '' }, summary: `Sound ${s.model ?? ''}` });
const input = (i: Input) => {
  const props = clean({ type: i.type ?? '', bus: i.bus });
  return { props, summary: `Input ${props.type}${props.bus ? ` (${props.bus})` : ''}` };
};
const hostdev = (h: Hostdev) => {
  const a = h.pciAddress;
  const props = clean({
    type: h.type ?? '',
    vendor: h.usbVendor,
    product: h.usbProduct,
    pciAddress: a ? `${hex4(a.domain)}:${a.bus.toString(16).padStart(2, '0')}:${a.slot.toString(16).padStart(2, '0')}.${a.function.toString(16)}` : undefined,
  });
  const summary =
    props.type === 'usb' ? `USB host device ${hex4(props.vendor)}:${hex4(props.product)}` : props.pciAddress ? `PCI host device ${props.pciAddress}` : `Host device (${props.type})`;
  return { props, summary };
};
const redirdev = (r: Redirdev) => {
  const props = clean({ type: r.type === 'tcp' ? ('tcp' as const) : ('spicevmc' as const), host: r.sourceHost, service: r.sourceService });
  return { props, summary: props.type === 'tcp' ? `USB redirection from ${props.host ?? ''}:${props.service ?? ''}` : 'USB redirection (SPICE)' };
};
const char = (label: string) => (c: Serial | Console) => {
  const props = clean({
    type: c.type ?? 'pty',
    path: c.sourcePath,
    host: c.sourceHost,
    service: c.sourceService,
    mode: c.sourceMode,
    targetType: c.targetType,
    port: c.targetPort,
  });
  return { props, summary: `${label} ${props.port ?? ''} (${props.type})`.replace('  ', ' ') };
};
const channel = (c: Channel) => {
  const { props } = char('Channel')(c);
  const all = clean({ ...props, name: c.targetName, state: c.targetState });
  return { props: all, summary: `Channel ${all.name ?? all.targetType ?? ''}${all.state ? ` (${all.state})` : ''}` };
};
const watchdog = (w: Watchdog) => ({ props: { model: w.model ?? '', action: w.action ?? 'reset' }, summary: `Watchdog ${w.model ?? ''} → ${w.action ?? 'reset'}` });
const tpm = (t: Tpm) => {
  const props = clean({ model: t.model ?? '', backend: t.backendType ?? '', version: t.backendVersion, devicePath: t.backendDevicePath });
  return { props, summary: `TPM ${props.version ?? ''} (${props.backend})`.replace('  ', ' ') };
};
const rng = (r: Rng) => {
  const props = clean({ model: r.model ?? 'virtio', backend: r.backendModel ?? '', device: r.backendDevice });
  return { props, summary: `RNG ${props.model} (${props.device ?? props.backend})` };
};
const filesystem = (f: Filesystem) => {
  const props = clean({ driver: f.driverType ?? 'path', source: f.sourceDir ?? '', target: f.targetDir ?? '', readonly: f.readonly === true, accessmode: f.accessmode });
  return { props, summary: `Shared folder ${props.source} as '${props.target}' (${props.driver})` };
};

const READERS: { [K in DeviceKindName]: Reader<K> } = {
  disk,
  nic,
  graphics,
  video,
  sound,
  input,
  hostdev,
  redirdev,
  serial: char('Serial'),
  console: char('Console'),
  channel,
  watchdog,
  tpm,
  rng,
  filesystem,
};

export function readDevice(kind: DeviceKindName, id: string, view: DeviceView): DeviceConfig {
  const { props, summary } = (READERS[kind] as (v: DeviceView) => { props: DevicePropsByKind[typeof kind]; summary: string })(view);
  return { id, kind, summary, props } as DeviceConfig;
}
