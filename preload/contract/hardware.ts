// VM hardware and configuration: what the VM details pages read and edit. Shapes only here; the
// meaning of values (paths absolute, target names per bus, cpusets, ports, memory ≤ max…) is
// checked in electron/core/hardware/, which reports every problem at once with its field path.
//
// Reads return the persistent definition (what a restart runs with) plus the places where the
// running instance differs. Edits are a list of typed changes applied as one redefine; on a
// running VM each change is also applied live where libvirt can, and the result says which.
import * as v from 'valibot';
import { hostIdSchema as hostId, vmUuidSchema as vmUuid } from './vms';

// ---- read model -----------------------------------------------------------------------------

export interface GeneralConfig {
  name: string;
  title: string | null;
  description: string | null;
}

export interface MemoryConfigView {
  /** `<currentMemory>`: what the guest gets (balloon target). */
  currentKiB: number;
  /** `<memory>`: the most the guest can be given without a restart. */
  maxKiB: number;
  hugepages: boolean;
}

export const CPU_MODES = ['host-passthrough', 'host-model', 'custom', 'maximum'] as const;
export type CpuModeName = (typeof CPU_MODES)[number];

export interface CpuTopology {
  sockets: number;
  dies?: number;
  cores: number;
  threads: number;
}

export interface VcpuConfigView {
  /** `<vcpu>`: maximum vCPUs (hot-plug limit). */
  max: number;
  /** vCPUs online at start (≤ max). */
  current: number;
  /** null: libvirt's default (the hypervisor's CPU). */
  mode: CpuModeName | null;
  /** Named model for mode 'custom', e.g. 'Skylake-Client'. */
  model: string | null;
  topology: CpuTopology | null;
}

/** One host CPU, for the pinning grid. */
export interface HostCpu {
  id: number;
  socket: number | null;
  core: number | null;
  /** Hyper-thread siblings as a cpuset, e.g. '0,4'. */
  siblings: string | null;
}

export interface HostNumaCell {
  id: number;
  memoryKiB: number | null;
  cpus: HostCpu[];
}

export interface HostTopology {
  cells: HostNumaCell[];
  /** All host CPU ids, in order. */
  cpuCount: number;
}

export interface PinningConfig {
  /** Only pinned vCPUs are listed; cpuset in libvirt syntax ('0-3,^2'). */
  pins: { vcpu: number; cpuset: string }[];
  emulatorpin: string | null;
  host: HostTopology;
}

export interface BootConfig {
  firmware: 'bios' | 'efi';
  secureBoot: boolean;
  bootMenu: boolean;
  /** Device ids in boot order (per-device `<boot order>`), or legacy `<os><boot dev>` names when that is used. */
  order: string[];
  /** 'devices': per-device order; 'legacy': `<os><boot dev='hd'/>…` (order holds hd/cdrom/network/fd). */
  orderStyle: 'devices' | 'legacy';
  directKernel: DirectKernelBoot | null;
}

export interface DirectKernelBoot {
  kernel: string;
  initrd?: string;
  cmdline?: string;
}

export const DISK_BUSES = ['virtio', 'sata', 'scsi', 'ide', 'usb', 'fdc'] as const;
export const DISK_DEVICES = ['disk', 'cdrom', 'floppy', 'lun'] as const;
export const DISK_CACHES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const;
export const DISK_IOS = ['native', 'threads', 'io_uring'] as const;

export interface IoTune {
  readBytesSec?: number;
  writeBytesSec?: number;
  totalBytesSec?: number;
  readIopsSec?: number;
  writeIopsSec?: number;
  totalIopsSec?: number;
}

export interface DiskProps {
  device: (typeof DISK_DEVICES)[number];
  /** Host path of the image file or block device; absent for an empty CD-ROM or non-path sources. */
  source?: string;
  /** 'block' for a host device path; 'file' otherwise. Others (network, volume) are read only here. */
  sourceType?: 'file' | 'block' | 'network' | 'volume' | 'dir';
  bus: (typeof DISK_BUSES)[number] | string;
  /** Guest device name, e.g. 'vda'; the disk's identity. */
  target: string;
  /** Image format (driver type): qcow2, raw… */
  format?: string;
  cache?: (typeof DISK_CACHES)[number];
  io?: (typeof DISK_IOS)[number];
  discard?: 'unmap' | 'ignore';
  readonly: boolean;
  shareable: boolean;
  bootOrder?: number;
  iotune: IoTune;
}

export const NIC_TYPES = ['network', 'bridge', 'direct', 'user'] as const;
export interface NicProps {
  /** Other types (ethernet, hostdev, vhostuser) are listed but only their link/model are editable. */
  type: (typeof NIC_TYPES)[number] | string;
  /** Network name, bridge name or host interface, by type. */
  source?: string;
  /** macvtap mode for 'direct'. */
  sourceMode?: string;
  mac: string;
  model?: string;
  linkState: 'up' | 'down';
  bootOrder?: number;
}

export type GraphicsListenSpec = { type: 'address'; address: string } | { type: 'none' } | { type: 'network'; network: string } | { type: 'socket' };

export interface GraphicsProps {
  type: 'spice' | 'vnc';
  listen: GraphicsListenSpec;
  port: number | 'auto';
  /** The password itself is write-only: never read back. */
  hasPassword: boolean;
}

export interface VideoProps {
  model: string;
  vramKiB?: number;
  heads?: number;
  accel3d?: boolean;
}
export interface SoundProps {
  model: string;
}
export interface InputProps {
  type: 'mouse' | 'tablet' | 'keyboard' | string;
  bus?: string;
}
export interface HostdevProps {
  type: 'usb' | 'pci' | string;
  /** USB vendor/product ids (0-0xffff). */
  vendor?: number;
  product?: number;
  /** PCI host address 'dddd:bb:ss.f' (read only here; passthrough setup belongs to the host page). */
  pciAddress?: string;
}
export interface RedirdevProps {
  type: 'spicevmc' | 'tcp';
  host?: string;
  service?: string;
}
export interface CharProps {
  /** pty, file, tcp, unix, udp, spicevmc… */
  type: string;
  path?: string;
  host?: string;
  service?: string;
  mode?: 'bind' | 'connect';
  targetType?: string;
  port?: number;
}
export interface ChannelProps extends CharProps {
  /** e.g. org.qemu.guest_agent.0 */
  name?: string;
  /** Running VM only: whether the guest side is connected (the guest agent's channel). */
  state?: string;
}
export interface WatchdogProps {
  model: 'i6300esb' | 'ib700' | 'diag288' | 'itco' | string;
  action: 'reset' | 'shutdown' | 'poweroff' | 'pause' | 'none' | 'dump' | 'inject-nmi' | string;
}
export interface TpmProps {
  model: 'tpm-tis' | 'tpm-crb' | string;
  backend: 'emulator' | 'passthrough' | string;
  version?: '1.2' | '2.0';
  /** Host device for 'passthrough'. */
  devicePath?: string;
}
export interface RngProps {
  model: string;
  backend: 'random' | 'builtin' | 'egd' | string;
  /** Host entropy source for 'random', e.g. /dev/urandom. */
  device?: string;
}
export interface FilesystemProps {
  driver: 'virtiofs' | 'path' | string;
  /** Host directory. */
  source: string;
  /** Mount tag the guest uses; the share's identity. */
  target: string;
  readonly: boolean;
  accessmode?: 'passthrough' | 'mapped' | 'squash';
}

/** Editable properties per device kind; the same shapes are used to add (whole) and update (partial). */
export interface DevicePropsByKind {
  disk: DiskProps;
  nic: NicProps;
  graphics: GraphicsProps;
  video: VideoProps;
  sound: SoundProps;
  input: InputProps;
  hostdev: HostdevProps;
  redirdev: RedirdevProps;
  serial: CharProps;
  console: CharProps;
  channel: ChannelProps;
  watchdog: WatchdogProps;
  tpm: TpmProps;
  rng: RngProps;
  filesystem: FilesystemProps;
}
export type DeviceKindName = keyof DevicePropsByKind;
export const DEVICE_KINDS = [
  'disk',
  'nic',
  'graphics',
  'video',
  'sound',
  'input',
  'hostdev',
  'redirdev',
  'serial',
  'console',
  'channel',
  'watchdog',
  'tpm',
  'rng',
  'filesystem',
] as const satisfies readonly DeviceKindName[];

/**
 * One device. `id` is `kind:key` with the device's own identity (disk target, NIC MAC, mount
 * tag, graphics type…), or `kind#index` when the kind has no unique key; it stays valid across
 * edits of other devices and is what changes name a device by.
 */
export type DeviceConfig = {
  [K in DeviceKindName]: { id: string; kind: K; summary: string; props: DevicePropsByKind[K] };
}[DeviceKindName];

/** A value of the running instance that differs from the persistent definition. */
export interface LiveDifference {
  /** e.g. 'memory.currentKiB', 'devices.disk:hdc.source', 'devices.disk:vdb' (device only live or only persistent). */
  path: string;
  /** null: absent on that side. */
  config: unknown;
  live: unknown;
}

export interface VmConfig {
  uuid: string;
  running: boolean;
  general: GeneralConfig;
  memory: MemoryConfigView;
  vcpus: VcpuConfigView;
  pinning: PinningConfig;
  boot: BootConfig;
  devices: DeviceConfig[];
  /** Empty when the VM is not running or runs exactly its definition. */
  live: LiveDifference[];
}

// ---- changes ----------------------------------------------------------------------------------

/** For partial updates: a key left out keeps its value; null removes an optional value. */
export type Patch<T> = { [K in keyof T]?: T[K] | null };

export type NewDevice = {
  [K in DeviceKindName]: { kind: K; props: NewDeviceProps[K] };
}[DeviceKindName];
export type DevicePatch = {
  [K in DeviceKindName]: { kind: K; props: Patch<NewDeviceProps[K]> };
}[DeviceKindName];

/** What adding takes: disks may leave the target out (next free name on the bus); NICs the MAC (generated). */
export interface NewDeviceProps extends Omit<DevicePropsByKind, 'disk' | 'nic' | 'graphics' | 'channel'> {
  disk: Omit<DiskProps, 'target' | 'readonly' | 'shareable' | 'iotune'> & { target?: string; readonly?: boolean; shareable?: boolean; iotune?: IoTune };
  nic: Omit<NicProps, 'mac' | 'linkState'> & { mac?: string; linkState?: 'up' | 'down' };
  graphics: Omit<GraphicsProps, 'hasPassword'> & { password?: string };
  channel: Omit<ChannelProps, 'state'>;
}

export type ConfigChange =
  | { kind: 'general'; title?: string | null; description?: string | null }
  | { kind: 'memory'; currentKiB?: number; maxKiB?: number; hugepages?: boolean }
  | { kind: 'vcpus'; max?: number; current?: number }
  | { kind: 'cpu'; mode?: CpuModeName | null; model?: string | null; topology?: CpuTopology | null }
  /** cpuset null unpins the vCPU. */
  | { kind: 'pin'; vcpu: number; cpuset: string | null }
  | {
      kind: 'boot';
      firmware?: 'bios' | 'efi';
      secureBoot?: boolean;
      bootMenu?: boolean;
      /** Device ids of disks, NICs, host devices or redirdevs in boot order (switches to per-device order). */
      order?: string[];
      directKernel?: DirectKernelBoot | null;
    }
  | { kind: 'add-device'; device: NewDevice }
  | { kind: 'update-device'; id: string; device: DevicePatch }
  | { kind: 'remove-device'; id: string }
  /** CD-ROM/floppy: insert (path) or eject (null). */
  | { kind: 'change-media'; id: string; path: string | null };
export type ConfigChangeKind = ConfigChange['kind'];

/** A problem with a user value: `path` is 'changes[2].device.props.target', or a definition path. */
export interface ConfigIssue {
  path: string;
  message: string;
  /** Index of the change it belongs to, when known. */
  change?: number;
}

/**
 * What happened to one change. saved: VM not running, used at next start; live: also applied to
 * the running VM; restart: saved, takes effect after a restart; live-failed: saved, but libvirt
 * refused the live change (message) — it takes effect after a restart.
 */
export interface ChangeOutcome {
  index: number;
  effect: 'saved' | 'live' | 'restart' | 'live-failed';
  message?: string;
}

export type ApplyResult =
  | { status: 'applied'; diff: string; outcomes: ChangeOutcome[] }
  /** Our checks failed: nothing was sent to libvirt. */
  | { status: 'invalid'; issues: ConfigIssue[] }
  /** libvirt refused the definition; nothing changed. */
  | { status: 'rejected'; code: string; message: string };

export type PreviewResult = { status: 'preview'; diff: string } | { status: 'invalid'; issues: ConfigIssue[] };

// ---- live reads -----------------------------------------------------------------------------

export interface VcpuPinInfo {
  vcpu: number;
  /** Host CPUs this vCPU may run on. */
  cpus: number[];
  cpuset: string;
}

export type GuestAgentState = { state: 'connected' } | { state: 'not-connected'; reason: string } | { state: 'not-running' };

export interface GuestIpAddress {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}
export interface GuestInterface {
  name: string;
  mac: string | null;
  addresses: GuestIpAddress[];
}

export interface GuestInfo {
  agent: GuestAgentState;
  /** From the agent; null without it. */
  hostname: string | null;
  os: { id?: string; name?: string; prettyName?: string; version?: string; kernelRelease?: string; machine?: string } | null;
  timezone: { name?: string; offsetSeconds?: number } | null;
  users: { name: string; loginTime?: number }[];
  filesystems: { mountpoint: string; name?: string; type?: string; totalBytes?: number; usedBytes?: number }[];
  /** Agent addresses when connected, else DHCP leases of libvirt networks. */
  interfaces: GuestInterface[];
  interfacesSource: 'agent' | 'lease' | 'none';
}

export interface HardwareService {
  getConfig(hostId: string, uuid: string): Promise<VmConfig>;
  /** The host's NUMA cells and CPUs (from capabilities), for pinning. */
  hostTopology(hostId: string): Promise<HostTopology>;
  applyChanges(hostId: string, uuid: string, changes: ConfigChange[]): Promise<ApplyResult>;
  /** The definition applyChanges would send, as a masked diff; same checks, nothing is defined. */
  previewChanges(hostId: string, uuid: string, changes: ConfigChange[]): Promise<PreviewResult>;
  /** Effective pinning: of the running instance, else of the definition. */
  vcpuPinInfo(hostId: string, uuid: string): Promise<VcpuPinInfo[]>;
  /** Disk throttling as the hypervisor applies it (running) or as defined (not running). */
  getBlockIoTune(hostId: string, uuid: string, target: string): Promise<IoTune>;
  /** Sets throttling live and in the definition (only the definition when not running); 0 lifts a limit. */
  setBlockIoTune(hostId: string, uuid: string, target: string, tune: IoTune): Promise<void>;
  guestInfo(hostId: string, uuid: string): Promise<GuestInfo>;
  /** Saves a running VM's memory to `path` on the host and stops it; an existing file is never overwritten. */
  saveToFile(hostId: string, uuid: string, path: string): Promise<void>;
  /** Starts a VM from a file saveToFile wrote (on the host). */
  restoreFromFile(hostId: string, path: string, options?: { paused?: boolean }): Promise<void>;
}

// ---- argument schemas -------------------------------------------------------------------------

const str = v.pipe(v.string(), v.maxLength(4096, 'too long'));
const short = v.pipe(v.string(), v.maxLength(255, 'too long'));
const num = v.pipe(v.number(), v.finite('must be a number'));
const opt = <T extends v.GenericSchema>(s: T) => v.optional(s);
/** Patch fields: absent keeps, null clears. */
const pat = <T extends v.GenericSchema>(s: T) => v.optional(v.nullable(s));

const topology = v.strictObject({ sockets: num, dies: opt(num), cores: num, threads: num });
const iotune = v.strictObject({
  readBytesSec: opt(num),
  writeBytesSec: opt(num),
  totalBytesSec: opt(num),
  readIopsSec: opt(num),
  writeIopsSec: opt(num),
  totalIopsSec: opt(num),
});
const listen = v.variant('type', [
  v.strictObject({ type: v.literal('address'), address: short }),
  v.strictObject({ type: v.literal('none') }),
  v.strictObject({ type: v.literal('network'), network: short }),
  v.strictObject({ type: v.literal('socket') }),
]);
const directKernel = v.strictObject({ kernel: str, initrd: opt(str), cmdline: opt(str) });

// Field schemas per kind; `whole` marks what adding requires. One table feeds both add and patch.
type Fields = Record<string, { s: v.GenericSchema; required?: boolean }>;
const f = (s: v.GenericSchema, required = false) => ({ s, required });
const charFields: Fields = { type: f(short, true), path: f(str), host: f(short), service: f(short), mode: f(v.picklist(['bind', 'connect'])), targetType: f(short), port: f(num) };
const DEVICE_FIELDS: Record<DeviceKindName, Fields> = {
  disk: {
    device: f(v.picklist(DISK_DEVICES), true),
    source: f(str),
    sourceType: f(v.picklist(['file', 'block', 'network', 'volume', 'dir'])),
    bus: f(short, true),
    target: f(short),
    format: f(short),
    cache: f(v.picklist(DISK_CACHES)),
    io: f(v.picklist(DISK_IOS)),
    discard: f(v.picklist(['unmap', 'ignore'])),
    readonly: f(v.boolean()),
    shareable: f(v.boolean()),
    bootOrder: f(num),
    iotune: f(iotune),
  },
  nic: { type: f(short, true), source: f(short), sourceMode: f(short), mac: f(short), model: f(short), linkState: f(v.picklist(['up', 'down'])), bootOrder: f(num) },
  graphics: { type: f(v.picklist(['spice', 'vnc']), true), listen: f(listen, true), port: f(v.union([num, v.literal('auto')]), true), password: f(v.pipe(v.string(), v.maxLength(255))) },
  video: { model: f(short, true), vramKiB: f(num), heads: f(num), accel3d: f(v.boolean()) },
  sound: { model: f(short, true) },
  input: { type: f(short, true), bus: f(short) },
  hostdev: { type: f(short, true), vendor: f(num), product: f(num), pciAddress: f(short) },
  redirdev: { type: f(v.picklist(['spicevmc', 'tcp']), true), host: f(short), service: f(short) },
  serial: charFields,
  console: charFields,
  channel: { ...charFields, name: f(short) },
  watchdog: { model: f(short, true), action: f(short, true) },
  tpm: { model: f(short, true), backend: f(short, true), version: f(v.picklist(['1.2', '2.0'])), devicePath: f(str) },
  rng: { model: f(short, true), backend: f(short, true), device: f(str) },
  filesystem: { driver: f(short, true), source: f(str, true), target: f(short, true), readonly: f(v.boolean()), accessmode: f(v.picklist(['passthrough', 'mapped', 'squash'])) },
};

const kinds = Object.keys(DEVICE_FIELDS) as DeviceKindName[];
const newDevice = v.variant(
  'kind',
  kinds.map((k) =>
    v.strictObject({
      kind: v.literal(k),
      props: v.strictObject(Object.fromEntries(Object.entries(DEVICE_FIELDS[k]).map(([name, { s, required }]) => [name, required ? s : v.optional(s)]))),
    }),
  ) as unknown as v.VariantOptions<'kind'>,
) as unknown as v.GenericSchema<NewDevice>;
const devicePatch = v.variant(
  'kind',
  kinds.map((k) =>
    v.strictObject({
      kind: v.literal(k),
      props: v.strictObject(Object.fromEntries(Object.entries(DEVICE_FIELDS[k]).map(([name, { s }]) => [name, pat(s)]))),
    }),
  ) as unknown as v.VariantOptions<'kind'>,
) as unknown as v.GenericSchema<DevicePatch>;

const deviceId = v.pipe(v.string(), v.minLength(1, 'device id is empty'), v.maxLength(300, 'device id is too long'));

export const configChangeSchema: v.GenericSchema<ConfigChange> = v.variant('kind', [
  v.strictObject({ kind: v.literal('general'), title: pat(v.pipe(v.string(), v.maxLength(1024))), description: pat(v.pipe(v.string(), v.maxLength(64 * 1024))) }),
  v.strictObject({ kind: v.literal('memory'), currentKiB: opt(num), maxKiB: opt(num), hugepages: opt(v.boolean()) }),
  v.strictObject({ kind: v.literal('vcpus'), max: opt(num), current: opt(num) }),
  v.strictObject({ kind: v.literal('cpu'), mode: pat(v.picklist(CPU_MODES)), model: pat(short), topology: pat(topology) }),
  v.strictObject({ kind: v.literal('pin'), vcpu: num, cpuset: v.nullable(short) }),
  v.strictObject({
    kind: v.literal('boot'),
    firmware: opt(v.picklist(['bios', 'efi'])),
    secureBoot: opt(v.boolean()),
    bootMenu: opt(v.boolean()),
    order: opt(v.pipe(v.array(deviceId), v.maxLength(64))),
    directKernel: pat(directKernel),
  }),
  v.strictObject({ kind: v.literal('add-device'), device: newDevice }),
  v.strictObject({ kind: v.literal('update-device'), id: deviceId, device: devicePatch }),
  v.strictObject({ kind: v.literal('remove-device'), id: deviceId }),
  v.strictObject({ kind: v.literal('change-media'), id: deviceId, path: v.nullable(str) }),
]) as unknown as v.GenericSchema<ConfigChange>;

const changes = v.pipe(v.array(configChangeSchema), v.minLength(1, 'no changes'), v.maxLength(256, 'too many changes at once'));
const filePath = v.pipe(v.string(), v.minLength(1, 'no file chosen'), v.maxLength(4096, 'file path is too long'));
const target = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** Argument tuples for HardwareService (strict: extra arguments are refused). */
export const hardwareArgSchemas = {
  getConfig: v.strictTuple([hostId, vmUuid]),
  hostTopology: v.strictTuple([hostId]),
  applyChanges: v.strictTuple([hostId, vmUuid, changes]),
  previewChanges: v.strictTuple([hostId, vmUuid, changes]),
  vcpuPinInfo: v.strictTuple([hostId, vmUuid]),
  getBlockIoTune: v.strictTuple([hostId, vmUuid, target]),
  setBlockIoTune: v.strictTuple([hostId, vmUuid, target, iotune]),
  guestInfo: v.strictTuple([hostId, vmUuid]),
  saveToFile: v.strictTuple([hostId, vmUuid, filePath]),
  restoreFromFile: v.union([
    v.strictTuple([hostId, filePath]),
    v.strictTuple([hostId, filePath, v.strictObject({ paused: v.optional(v.boolean()) })]),
  ]),
} satisfies { [M in keyof HardwareService]: v.GenericSchema<unknown, Parameters<HardwareService[M]>> };
