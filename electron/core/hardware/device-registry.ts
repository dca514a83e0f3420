// Which model list holds each device kind of the contract, and how a device is named. Ids are
// `kind:key` with the same key the domain-xml model finds devices by (so `list.find(key)`
// resolves them), or `kind#index` when the key is missing or shared, e.g. two ich9 sound cards.
import type { DeviceKindName } from '../../../preload/contract/hardware';
import { hostdevKey, normalizeMac, type DeviceList, type DeviceView, type DomainXml } from '../domain-xml';

type AnyList = DeviceList<DeviceView>;

interface KindEntry {
  list(dom: DomainXml): AnyList;
  /** Must match the model's own key for the kind (devices/*.ts). */
  key(view: DeviceView): string | undefined;
}

const s = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const get = <T>(view: DeviceView, prop: string): T | undefined => (view as unknown as Record<string, T | undefined>)[prop];

export const KINDS: Record<DeviceKindName, KindEntry> = {
  disk: { list: (d) => d.devices.disks as unknown as AnyList, key: (v) => s(get(v, 'targetDev')) },
  nic: {
    list: (d) => d.devices.interfaces as unknown as AnyList,
    key: (v) => {
      const mac = s(get(v, 'mac'));
      return mac === undefined ? undefined : normalizeMac(mac);
    },
  },
  graphics: { list: (d) => d.devices.graphics as unknown as AnyList, key: (v) => s(get(v, 'type')) },
  video: { list: (d) => d.devices.videos as unknown as AnyList, key: (v) => s(get(v, 'modelType')) },
  sound: { list: (d) => d.devices.sounds as unknown as AnyList, key: (v) => s(get(v, 'model')) },
  input: { list: (d) => d.devices.inputs as unknown as AnyList, key: (v) => `${s(get(v, 'type')) ?? ''}:${s(get(v, 'bus')) ?? ''}` },
  hostdev: { list: (d) => d.devices.hostdevs as unknown as AnyList, key: (v) => hostdevKey(v as Parameters<typeof hostdevKey>[0]) },
  redirdev: { list: (d) => d.devices.redirdevs as unknown as AnyList, key: () => undefined },
  serial: { list: (d) => d.devices.serials as unknown as AnyList, key: (v) => portKey(v) },
  console: { list: (d) => d.devices.consoles as unknown as AnyList, key: (v) => portKey(v) },
  channel: { list: (d) => d.devices.channels as unknown as AnyList, key: (v) => s(get(v, 'targetName')) },
  watchdog: { list: (d) => d.devices.watchdogs as unknown as AnyList, key: (v) => s(get(v, 'model')) },
  tpm: { list: (d) => d.devices.tpms as unknown as AnyList, key: (v) => s(get(v, 'model')) },
  rng: { list: (d) => d.devices.rngs as unknown as AnyList, key: (v) => s(get(v, 'backendDevice')) },
  filesystem: { list: (d) => d.devices.filesystems as unknown as AnyList, key: (v) => s(get(v, 'targetDir')) },
};

function portKey(v: DeviceView): string | undefined {
  const p = get<number>(v, 'targetPort');
  return p === undefined ? undefined : String(p);
}

/** Ids of every device of a kind, in document order. */
export function deviceIds(kind: DeviceKindName, views: readonly DeviceView[]): string[] {
  const keys = views.map((v) => KINDS[kind].key(v)?.toLowerCase());
  return keys.map((k, i) => (k !== undefined && k !== '' && keys.indexOf(k) === keys.lastIndexOf(k) ? `${kind}:${k}` : `${kind}#${i}`));
}

export interface ResolvedDevice {
  kind: DeviceKindName;
  view: DeviceView;
}

export function parseDeviceId(id: string): { kind: DeviceKindName; key: string | number } | undefined {
  const m = /^([a-z]+)(?::(.+)|#(\d+))$/.exec(id);
  if (!m || !(m[1]! in KINDS)) return undefined;
  return { kind: m[1] as DeviceKindName, key: m[3] !== undefined ? Number(m[3]) : (m[2] ?? '') };
}

/** The device an id names in `dom`, or undefined (unknown id, or the device is gone). */
export function resolveDevice(dom: DomainXml, id: string): ResolvedDevice | undefined {
  const p = parseDeviceId(id);
  if (!p) return undefined;
  const views = KINDS[p.kind].list(dom).all();
  const ids = deviceIds(p.kind, views);
  const i = ids.indexOf(id.toLowerCase().startsWith(`${p.kind}:`) ? `${p.kind}:${String(p.key).toLowerCase()}` : id);
  const view = i >= 0 ? views[i] : undefined;
  return view ? { kind: p.kind, view } : undefined;
}

/** The id of a device element of `dom`. */
export function idOf(dom: DomainXml, kind: DeviceKindName, view: DeviceView): string {
  const views = KINDS[kind].list(dom).all();
  const i = views.findIndex((x) => x.el === view.el);
  return deviceIds(kind, views)[i] ?? `${kind}#${i}`;
}

/** Model list names used in validateDomain paths (`devices.disks[1]…`) → contract kinds. */
export const LIST_KINDS: Record<string, DeviceKindName> = {
  disks: 'disk',
  interfaces: 'nic',
  graphics: 'graphics',
  videos: 'video',
  sounds: 'sound',
  inputs: 'input',
  hostdevs: 'hostdev',
  redirdevs: 'redirdev',
  serials: 'serial',
  consoles: 'console',
  channels: 'channel',
  watchdogs: 'watchdog',
  tpms: 'tpm',
  rngs: 'rng',
  filesystems: 'filesystem',
};
