// What the Hardware page edits per device kind: a declarative list of fields (one per editable
// property of the contract's DevicePropsByKind), rendered by one generic form.
import { DISK_BUSES, DISK_CACHES, DISK_IOS, type DeviceKindName } from '../../../preload/contract/hardware';

export type FieldType = 'text' | 'number' | 'select' | 'bool' | 'password' | 'hex';
export type FormProps = Record<string, unknown>;

export interface FieldDef {
  key: string;
  label: string;
  type: FieldType;
  /** select: the choices; '' first means "libvirt's default". */
  options?: readonly string[];
  /** Free text with suggestions (datalist) instead of a fixed select. */
  suggest?: readonly string[];
  hint?: string;
  mono?: boolean;
  /** Shown only when this holds for the form's values. */
  when?: (p: FormProps) => boolean;
  /** Only when adding (identity or structure that an edit cannot change). */
  addOnly?: boolean;
  required?: boolean;
  unit?: string;
}

const charTypes = ['pty', 'file', 'tcp', 'unix', 'udp', 'spicevmc'] as const;
const charFields = (extra: FieldDef[] = []): FieldDef[] => [
  { key: 'type', label: 'Type', type: 'select', options: charTypes, required: true },
  { key: 'path', label: 'Path', type: 'text', mono: true, when: (p) => p.type === 'file' || p.type === 'unix' },
  { key: 'host', label: 'Host', type: 'text', when: (p) => p.type === 'tcp' || p.type === 'udp' },
  { key: 'service', label: 'Port / service', type: 'text', when: (p) => p.type === 'tcp' || p.type === 'udp' },
  { key: 'mode', label: 'Mode', type: 'select', options: ['', 'bind', 'connect'], when: (p) => p.type === 'tcp' || p.type === 'unix' },
  { key: 'targetType', label: 'Target type', type: 'text', suggest: ['isa-serial', 'pci-serial', 'usb-serial', 'serial', 'virtio', 'sclp'] },
  { key: 'port', label: 'Target port', type: 'number' },
  ...extra,
];

export const DEVICE_FIELDS: Record<DeviceKindName, FieldDef[]> = {
  disk: [
    { key: 'device', label: 'Device type', type: 'select', options: ['disk', 'cdrom', 'floppy', 'lun'], addOnly: true, required: true },
    { key: 'sourceType', label: 'Source type', type: 'select', options: ['file', 'block'], when: (p) => p.sourceType !== 'network' && p.sourceType !== 'volume' },
    { key: 'source', label: 'Source path', type: 'text', mono: true, hint: 'Absolute path on the host: image file or block device.' },
    { key: 'bus', label: 'Bus', type: 'select', options: DISK_BUSES, required: true },
    { key: 'target', label: 'Target', type: 'text', mono: true, hint: 'Guest device name, e.g. vdb; empty picks the next free one.' },
    { key: 'format', label: 'Format', type: 'text', suggest: ['qcow2', 'raw'] },
    { key: 'cache', label: 'Cache mode', type: 'select', options: ['', ...DISK_CACHES.filter((c) => c !== 'default')] },
    { key: 'io', label: 'I/O mode', type: 'select', options: ['', ...DISK_IOS] },
    { key: 'discard', label: 'Discard', type: 'select', options: ['', 'unmap', 'ignore'] },
    { key: 'readonly', label: 'Read-only', type: 'bool' },
    { key: 'shareable', label: 'Shareable', type: 'bool' },
  ],
  nic: [
    { key: 'type', label: 'Network source type', type: 'select', options: ['network', 'bridge', 'direct', 'user'], required: true },
    { key: 'source', label: 'Source', type: 'text', hint: 'Virtual network name, host bridge or host interface.', when: (p) => p.type !== 'user' },
    { key: 'sourceMode', label: 'macvtap mode', type: 'select', options: ['', 'bridge', 'vepa', 'private', 'passthrough'], when: (p) => p.type === 'direct' },
    { key: 'mac', label: 'MAC address', type: 'text', mono: true, hint: 'Empty generates one.' },
    { key: 'model', label: 'Device model', type: 'text', suggest: ['virtio', 'e1000e', 'e1000', 'rtl8139'] },
    { key: 'linkState', label: 'Link state', type: 'select', options: ['up', 'down'] },
  ],
  graphics: [
    { key: 'type', label: 'Type', type: 'select', options: ['spice', 'vnc'], required: true, addOnly: true },
    { key: 'listenType', label: 'Listen type', type: 'select', options: ['address', 'none', 'socket', 'network'] },
    { key: 'listenAddress', label: 'Address', type: 'text', mono: true, suggest: ['127.0.0.1', '0.0.0.0', '::1', '::'], when: (p) => p.listenType === 'address' },
    { key: 'listenNetwork', label: 'Network', type: 'text', when: (p) => p.listenType === 'network' },
    { key: 'autoport', label: 'Choose port automatically', type: 'bool', when: (p) => p.listenType === 'address' || p.listenType === 'network' },
    { key: 'port', label: 'Port', type: 'number', when: (p) => !p.autoport && (p.listenType === 'address' || p.listenType === 'network') },
    { key: 'password', label: 'Password', type: 'password', hint: 'Write-only: leave empty to keep the current one.' },
  ],
  video: [
    { key: 'model', label: 'Model', type: 'select', options: ['virtio', 'qxl', 'vga', 'bochs', 'ramfb', 'cirrus', 'none'], required: true },
    { key: 'vramKiB', label: 'Video RAM', type: 'number', unit: 'KiB', when: (p) => p.model === 'qxl' || p.model === 'vga' || p.model === 'cirrus' },
    { key: 'heads', label: 'Heads', type: 'number' },
    { key: 'accel3d', label: '3D acceleration', type: 'bool', when: (p) => p.model === 'virtio' },
  ],
  sound: [{ key: 'model', label: 'Model', type: 'select', options: ['ich9', 'ich6', 'ac97', 'es1370', 'sb16', 'usb'], required: true }],
  input: [
    { key: 'type', label: 'Type', type: 'select', options: ['tablet', 'mouse', 'keyboard'], required: true },
    { key: 'bus', label: 'Bus', type: 'select', options: ['', 'usb', 'ps2', 'virtio'] },
  ],
  hostdev: [
    { key: 'type', label: 'Type', type: 'select', options: ['usb', 'pci'], required: true, addOnly: true },
    { key: 'vendor', label: 'Vendor ID', type: 'hex', mono: true, when: (p) => p.type === 'usb', hint: 'Hex, e.g. 046d' },
    { key: 'product', label: 'Product ID', type: 'hex', mono: true, when: (p) => p.type === 'usb', hint: 'Hex, e.g. c52b' },
    { key: 'pciAddress', label: 'PCI address', type: 'text', mono: true, when: (p) => p.type === 'pci', addOnly: true },
  ],
  redirdev: [
    { key: 'type', label: 'Type', type: 'select', options: ['spicevmc', 'tcp'], required: true },
    { key: 'host', label: 'Host', type: 'text', when: (p) => p.type === 'tcp' },
    { key: 'service', label: 'Port', type: 'text', when: (p) => p.type === 'tcp' },
  ],
  serial: charFields(),
  console: charFields(),
  channel: charFields([{ key: 'name', label: 'Channel name', type: 'text', mono: true, suggest: ['org.qemu.guest_agent.0', 'com.redhat.spice.0'] }]),
  watchdog: [
    { key: 'model', label: 'Model', type: 'select', options: ['i6300esb', 'itco', 'ib700', 'diag288'], required: true },
    { key: 'action', label: 'Action', type: 'select', options: ['reset', 'shutdown', 'poweroff', 'pause', 'none', 'dump', 'inject-nmi'], required: true },
  ],
  tpm: [
    { key: 'model', label: 'Model', type: 'select', options: ['tpm-crb', 'tpm-tis'], required: true },
    { key: 'backend', label: 'Backend', type: 'select', options: ['emulator', 'passthrough'], required: true },
    { key: 'version', label: 'Version', type: 'select', options: ['', '2.0', '1.2'], when: (p) => p.backend === 'emulator' },
    { key: 'devicePath', label: 'Host device', type: 'text', mono: true, when: (p) => p.backend === 'passthrough' },
  ],
  rng: [
    { key: 'model', label: 'Model', type: 'select', options: ['virtio'], required: true },
    { key: 'backend', label: 'Backend', type: 'select', options: ['random', 'builtin', 'egd'], required: true },
    { key: 'device', label: 'Host source', type: 'text', mono: true, suggest: ['/dev/urandom', '/dev/random', '/dev/hwrng'], when: (p) => p.backend === 'random' },
  ],
  filesystem: [
    { key: 'driver', label: 'Driver', type: 'select', options: ['virtiofs', 'path'], required: true },
    { key: 'source', label: 'Host directory', type: 'text', mono: true, required: true },
    { key: 'target', label: 'Mount tag', type: 'text', mono: true, required: true },
    { key: 'accessmode', label: 'Access mode', type: 'select', options: ['', 'passthrough', 'mapped', 'squash'], when: (p) => p.driver === 'path' },
    { key: 'readonly', label: 'Read-only', type: 'bool' },
  ],
};

export const KIND_LABELS: Record<DeviceKindName, string> = {
  disk: 'Disk',
  nic: 'Network interface',
  graphics: 'Graphics',
  video: 'Video',
  sound: 'Sound',
  input: 'Input',
  hostdev: 'Host device',
  redirdev: 'USB redirection',
  serial: 'Serial',
  console: 'Console',
  channel: 'Channel',
  watchdog: 'Watchdog',
  tpm: 'TPM',
  rng: 'Random number generator',
  filesystem: 'Filesystem share',
};

/** What "Add hardware" starts from per kind. */
export const NEW_DEVICE_DEFAULTS: Record<DeviceKindName, FormProps> = {
  disk: { device: 'disk', sourceType: 'file', source: '', bus: 'virtio', format: 'qcow2', readonly: false, shareable: false },
  nic: { type: 'network', source: 'default', model: 'virtio', linkState: 'up' },
  graphics: { type: 'spice', listenType: 'address', listenAddress: '127.0.0.1', autoport: true },
  video: { model: 'virtio' },
  sound: { model: 'ich9' },
  input: { type: 'tablet', bus: 'usb' },
  hostdev: { type: 'usb' },
  redirdev: { type: 'spicevmc' },
  serial: { type: 'pty' },
  console: { type: 'pty', targetType: 'serial' },
  channel: { type: 'unix', targetType: 'virtio', name: 'org.qemu.guest_agent.0' },
  watchdog: { model: 'i6300esb', action: 'reset' },
  tpm: { model: 'tpm-crb', backend: 'emulator', version: '2.0' },
  rng: { model: 'virtio', backend: 'random', device: '/dev/urandom' },
  filesystem: { driver: 'virtiofs', source: '', target: '', readonly: false },
};
