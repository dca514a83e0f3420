// The Hardware page's editable copy of a VmConfig ("draft") and the pure logic around it:
// building it, turning draft edits into ConfigChanges (each remembering which form field it came
// from, so the core's issues land next to that field), and the checks the form makes first.
import type {
  ChangeOutcome,
  ConfigChange,
  ConfigIssue,
  DeviceConfig,
  DeviceKindName,
  GraphicsListenSpec,
  IoTune,
  VmConfig,
} from '../../../preload/contract/hardware';
import { formatCpuset, gridFromPins, parseCpuset, pinChanges, type PinGrid } from './cpuset';
import { DEVICE_FIELDS, type FormProps } from './hw-fields';

export const IOTUNE_KEYS = ['readBytesSec', 'writeBytesSec', 'totalBytesSec', 'readIopsSec', 'writeIopsSec', 'totalIopsSec'] as const;

export interface DraftDevice {
  /** Existing devices: their id; new ones 'new#n'. */
  id: string;
  kind: DeviceKindName;
  summary: string;
  isNew: boolean;
  removed: boolean;
  /** Form values (flattened where the contract nests, e.g. graphics listen). */
  props: FormProps;
}

export interface HwDraft {
  memory: { currentMiB: number; maxMiB: number; hugepages: boolean };
  vcpus: { max: number; current: number };
  cpu: { mode: string; model: string; topology: boolean; sockets: number; cores: number; threads: number };
  pins: PinGrid;
  boot: { firmware: 'bios' | 'efi'; secureBoot: boolean; bootMenu: boolean; order: string[]; directKernel: boolean; kernel: string; initrd: string; cmdline: string };
  devices: DraftDevice[];
}

const LEGACY_BOOT: Record<string, (d: DeviceConfig) => boolean> = {
  hd: (d) => d.kind === 'disk' && d.props.device === 'disk',
  cdrom: (d) => d.kind === 'disk' && d.props.device === 'cdrom',
  fd: (d) => d.kind === 'disk' && d.props.device === 'floppy',
  network: (d) => d.kind === 'nic',
};

/** Devices that can be in the boot order. */
export const bootable = (kind: DeviceKindName) => kind === 'disk' || kind === 'nic' || kind === 'hostdev' || kind === 'redirdev';

/** Contract props → form values. */
export function toForm(d: { kind: DeviceKindName; props: object }): FormProps {
  const p = { ...(d.props as FormProps) };
  if (d.kind === 'graphics') {
    const listen = p.listen as GraphicsListenSpec;
    delete p.listen;
    delete p.hasPassword;
    p.listenType = listen.type;
    p.listenAddress = listen.type === 'address' ? listen.address : '';
    p.listenNetwork = listen.type === 'network' ? listen.network : '';
    p.autoport = p.port === 'auto';
    p.port = p.port === 'auto' ? '' : p.port;
    p.password = '';
  }
  if (d.kind === 'disk') p.iotune = { ...((p.iotune as IoTune | undefined) ?? {}) };
  if (d.kind === 'channel') delete p.state;
  return p;
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Form values → contract props (only editable keys, empties dropped). */
export function fromForm(kind: DeviceKindName, form: FormProps): FormProps {
  const out: FormProps = {};
  for (const f of DEVICE_FIELDS[kind]) {
    if (kind === 'graphics' && ['listenType', 'listenAddress', 'listenNetwork', 'autoport', 'port'].includes(f.key)) continue;
    if (f.when && !f.when(form)) continue;
    const v = form[f.key];
    if (!empty(v)) out[f.key] = v;
  }
  if (kind === 'graphics') {
    const t = form.listenType as string;
    out.listen = t === 'address' ? { type: 'address', address: form.listenAddress || '127.0.0.1' } : t === 'network' ? { type: 'network', network: form.listenNetwork ?? '' } : { type: t };
    out.port = t === 'address' || t === 'network' ? (form.autoport || empty(form.port) ? 'auto' : Number(form.port)) : 'auto';
  }
  if (kind === 'disk') {
    const tune = cleanTune(form.iotune as IoTune | undefined);
    if (Object.keys(tune).length) out.iotune = tune;
  }
  return out;
}

function cleanTune(t: IoTune | undefined): IoTune {
  const out: IoTune = {};
  for (const k of IOTUNE_KEYS) {
    const v = t?.[k];
    if (!empty(v) && Number(v) > 0) out[k] = Number(v);
  }
  return out;
}

export function makeDraft(c: VmConfig): HwDraft {
  let order = [...c.boot.order];
  if (c.boot.orderStyle === 'legacy') {
    order = [];
    for (const name of c.boot.order) {
      const d = c.devices.find((x) => LEGACY_BOOT[name]?.(x) && !order.includes(x.id));
      if (d) order.push(d.id);
    }
  }
  const topo = c.vcpus.topology;
  return {
    memory: { currentMiB: Math.round(c.memory.currentKiB / 1024), maxMiB: Math.round(c.memory.maxKiB / 1024), hugepages: c.memory.hugepages },
    vcpus: { max: c.vcpus.max, current: c.vcpus.current },
    cpu: { mode: c.vcpus.mode ?? '', model: c.vcpus.model ?? '', topology: !!topo, sockets: topo?.sockets ?? 1, cores: topo?.cores ?? c.vcpus.max, threads: topo?.threads ?? 1 },
    pins: gridFromPins(c.pinning.pins),
    boot: {
      firmware: c.boot.firmware,
      secureBoot: c.boot.secureBoot,
      bootMenu: c.boot.bootMenu,
      order,
      directKernel: !!c.boot.directKernel,
      kernel: c.boot.directKernel?.kernel ?? '',
      initrd: c.boot.directKernel?.initrd ?? '',
      cmdline: c.boot.directKernel?.cmdline ?? '',
    },
    devices: c.devices.map((d) => ({ id: d.id, kind: d.kind, summary: d.summary, isNew: false, removed: false, props: toForm(d) })),
  };
}

export function cloneDraft(d: HwDraft): HwDraft {
  return {
    ...structuredClone({ ...d, pins: undefined, devices: undefined }),
    pins: new Map([...d.pins].map(([k, v]) => [k, new Set(v)])),
    devices: d.devices.map((x) => ({ ...x, props: structuredClone(x.props) })),
  } as HwDraft;
}

function fieldLabel(kind: DeviceKindName, key: string): string {
  if (key === 'iotune') return 'I/O limits';
  if (key === 'listen') return 'listen address';
  return (DEVICE_FIELDS[kind].find((f) => f.key === key)?.label ?? key).toLowerCase();
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isMedia = (p: FormProps) => p.device === 'cdrom' || p.device === 'floppy';

/** A change and the form-field prefix its issues belong to. */
export interface BuiltChange {
  change: ConfigChange;
  field: string;
  /** Human label for the preview ("Disk vda: cache, readonly"). */
  label: string;
}

/** The changes that turn `base` into `edit`, in a stable order. */
export function buildChanges(base: HwDraft, edit: HwDraft): BuiltChange[] {
  const out: BuiltChange[] = [];
  // memory
  const m: Extract<ConfigChange, { kind: 'memory' }> = { kind: 'memory' };
  if (edit.memory.maxMiB !== base.memory.maxMiB) m.maxKiB = edit.memory.maxMiB * 1024;
  if (edit.memory.currentMiB !== base.memory.currentMiB) m.currentKiB = edit.memory.currentMiB * 1024;
  if (edit.memory.hugepages !== base.memory.hugepages) m.hugepages = edit.memory.hugepages;
  if (Object.keys(m).length > 1) out.push({ change: m, field: 'memory', label: 'Memory' });
  // vcpus
  const v: Extract<ConfigChange, { kind: 'vcpus' }> = { kind: 'vcpus' };
  if (edit.vcpus.max !== base.vcpus.max) v.max = edit.vcpus.max;
  if (edit.vcpus.current !== base.vcpus.current) v.current = edit.vcpus.current;
  if (Object.keys(v).length > 1) out.push({ change: v, field: 'vcpus', label: 'vCPUs' });
  // cpu model
  const c: Extract<ConfigChange, { kind: 'cpu' }> = { kind: 'cpu' };
  if (edit.cpu.mode !== base.cpu.mode) c.mode = (edit.cpu.mode || null) as typeof c.mode;
  if (edit.cpu.model !== base.cpu.model) c.model = edit.cpu.model || null;
  const topo = (d: HwDraft) => (d.cpu.topology ? { sockets: d.cpu.sockets, cores: d.cpu.cores, threads: d.cpu.threads } : null);
  if (!same(topo(edit), topo(base))) c.topology = topo(edit);
  if (Object.keys(c).length > 1) out.push({ change: c, field: 'cpu', label: 'CPU model' });
  // pinning
  for (const p of pinChanges(base.pins, edit.pins, Math.max(edit.vcpus.max, base.vcpus.max)))
    out.push({ change: { kind: 'pin', vcpu: p.vcpu, cpuset: p.cpuset }, field: `pin.${p.vcpu}`, label: `Pin vCPU ${p.vcpu}` });
  // boot
  const b: Extract<ConfigChange, { kind: 'boot' }> = { kind: 'boot' };
  if (edit.boot.firmware !== base.boot.firmware) b.firmware = edit.boot.firmware;
  if (edit.boot.secureBoot !== base.boot.secureBoot) b.secureBoot = edit.boot.secureBoot;
  if (edit.boot.bootMenu !== base.boot.bootMenu) b.bootMenu = edit.boot.bootMenu;
  const liveIds = new Set(edit.devices.filter((d) => !d.removed && !d.isNew).map((d) => d.id));
  const order = edit.boot.order.filter((id) => liveIds.has(id));
  if (!same(order, base.boot.order)) b.order = order;
  const dk = (d: HwDraft) => (d.boot.directKernel ? { kernel: d.boot.kernel, ...(d.boot.initrd ? { initrd: d.boot.initrd } : {}), ...(d.boot.cmdline ? { cmdline: d.boot.cmdline } : {}) } : null);
  if (!same(dk(edit), dk(base))) b.directKernel = dk(edit);
  if (Object.keys(b).length > 1) out.push({ change: b, field: 'boot', label: 'Boot options' });
  // devices
  const baseById = new Map(base.devices.map((d) => [d.id, d]));
  for (const d of edit.devices) {
    if (d.isNew) {
      if (!d.removed) out.push({ change: { kind: 'add-device', device: { kind: d.kind, props: fromForm(d.kind, d.props) } as never }, field: d.id, label: `Add ${d.summary}` });
      continue;
    }
    if (d.removed) {
      out.push({ change: { kind: 'remove-device', id: d.id }, field: d.id, label: `Remove ${d.summary}` });
      continue;
    }
    const old = baseById.get(d.id);
    if (!old) continue;
    const a = fromForm(d.kind, old.props);
    const z = fromForm(d.kind, d.props);
    const patch: FormProps = {};
    const changed: string[] = [];
    let media: string | null | undefined;
    for (const key of new Set([...Object.keys(a), ...Object.keys(z)])) {
      if (same(a[key], z[key])) continue;
      if (key === 'source' && d.kind === 'disk' && isMedia(d.props)) {
        media = (z.source as string | undefined) || null;
        continue;
      }
      patch[key] = z[key] === undefined ? null : z[key];
      changed.push(key);
    }
    if (media !== undefined) out.push({ change: { kind: 'change-media', id: d.id, path: media }, field: d.id, label: media ? `Insert ${media} in ${d.summary}` : `Eject ${d.summary}` });
    if (changed.length) out.push({ change: { kind: 'update-device', id: d.id, device: { kind: d.kind, props: patch } as never }, field: d.id, label: `${d.summary}: ${changed.map((k) => fieldLabel(d.kind, k)).join(', ')}` });
  }
  return out;
}

/** The form field an issue belongs to ('memory.currentKiB' → 'memory.currentMiB', device props → '<id>.<prop>'). */
export function issueField(issue: ConfigIssue, built: BuiltChange[]): string | null {
  const m = /^changes\[(\d+)\](?:\.(.*))?$/.exec(issue.path);
  const index = m ? Number(m[1]) : issue.change;
  const b = index === undefined ? undefined : built[index];
  if (!b) return null;
  let rest = m?.[2] ?? '';
  if (b.field.startsWith('pin.')) return b.field;
  if (b.change.kind === 'change-media' && rest === 'path') rest = 'source';
  rest = rest.replace(/^device\.props\./, '').replace(/^device\.?/, '');
  if (b.change.kind === 'update-device' || b.change.kind === 'add-device') {
    if (rest === 'listen' || rest.startsWith('listen.')) rest = 'listenAddress';
  }
  if (b.field === 'memory') rest = rest.replace(/KiB$/, 'MiB');
  if (!rest || rest === 'id') return b.field;
  return `${b.field}.${rest}`;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const positiveInt = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** What the form checks before asking the core: field key → message. */
export function validateDraft(d: HwDraft, hostCpus: number): Map<string, string> {
  const e = new Map<string, string>();
  if (!positiveInt(d.memory.maxMiB)) e.set('memory.maxMiB', 'Enter a whole number of MiB above 0');
  if (!positiveInt(d.memory.currentMiB)) e.set('memory.currentMiB', 'Enter a whole number of MiB above 0');
  else if (positiveInt(d.memory.maxMiB) && d.memory.currentMiB > d.memory.maxMiB) e.set('memory.currentMiB', `Current memory cannot exceed the maximum (${d.memory.maxMiB} MiB)`);
  if (!positiveInt(d.vcpus.max)) e.set('vcpus.max', 'Enter a whole number above 0');
  if (!positiveInt(d.vcpus.current)) e.set('vcpus.current', 'Enter a whole number above 0');
  else if (d.vcpus.current > d.vcpus.max) e.set('vcpus.current', `Cannot exceed the maximum (${d.vcpus.max})`);
  if (d.cpu.topology) {
    for (const k of ['sockets', 'cores', 'threads'] as const) if (!positiveInt(d.cpu[k])) e.set(`cpu.${k}`, 'Enter a whole number above 0');
    if (!e.size && d.cpu.sockets * d.cpu.cores * d.cpu.threads !== d.vcpus.max)
      e.set('cpu.topology', `Sockets × cores × threads must equal the maximum vCPUs (${d.vcpus.max})`);
  }
  if (d.cpu.mode === 'custom' && !d.cpu.model.trim()) e.set('cpu.model', 'Enter a CPU model for custom mode');
  for (const [v, set] of d.pins) for (const c of set) if (c >= hostCpus) e.set(`pin.${v}`, `Host CPU ${c} does not exist`);
  if (d.boot.directKernel && !d.boot.kernel.trim()) e.set('boot.kernel', 'Enter the kernel path');
  for (const dev of d.devices) {
    if (dev.removed) continue;
    const p = dev.props;
    for (const f of DEVICE_FIELDS[dev.kind]) {
      if (f.when && !f.when(p)) continue;
      const v = p[f.key];
      if (f.required && empty(v)) e.set(`${dev.id}.${f.key}`, `${f.label} is required`);
      if (f.type === 'number' && !empty(v) && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) e.set(`${dev.id}.${f.key}`, 'Enter a number');
      if (f.type === 'hex' && !empty(v) && !(typeof v === 'number' && v >= 0 && v <= 0xffff)) e.set(`${dev.id}.${f.key}`, 'Enter a hex id 0000–ffff');
    }
    if (dev.kind === 'nic' && !empty(p.mac)) {
      const mac = String(p.mac);
      if (!MAC.test(mac)) e.set(`${dev.id}.mac`, 'Enter a MAC address like 52:54:00:12:34:56');
      else if (parseInt(mac.slice(0, 2), 16) & 1) e.set(`${dev.id}.mac`, 'A multicast MAC address cannot be used');
    }
    if (dev.kind === 'graphics' && (p.listenType === 'address' || p.listenType === 'network') && !p.autoport) {
      const port = p.port;
      if (!(typeof port === 'number' && Number.isInteger(port) && port >= 5900 && port <= 65535)) e.set(`${dev.id}.port`, 'Enter a port from 5900 to 65535');
    }
    if (dev.kind === 'disk') {
      const t = (p.iotune ?? {}) as Record<string, unknown>;
      for (const k of IOTUNE_KEYS) if (!empty(t[k]) && !(typeof t[k] === 'number' && (t[k] as number) >= 0)) e.set(`${dev.id}.iotune.${k}`, 'Enter a number ≥ 0');
      if (dev.isNew && (p.device === 'disk' || p.device === 'lun') && empty(p.source)) e.set(`${dev.id}.source`, 'Enter the image path');
    }
  }
  return e;
}

/** Says what an outcome means for the user; null when nothing to add. */
export function outcomeText(o: ChangeOutcome): string | null {
  switch (o.effect) {
    case 'live':
      return null;
    case 'saved':
      return null;
    case 'restart':
      return 'Saved; applies at next start.';
    case 'live-failed':
      return `Saved, but the running VM refused it${o.message ? ` (${o.message})` : ''}; applies at next start.`;
  }
}

/** cpuset text of one grid row, for labels. */
export const rowCpuset = (pins: PinGrid, vcpu: number) => formatCpuset(pins.get(vcpu) ?? []);
export { parseCpuset };
