import { flag, int, readOnly, str, yesNo } from '../xml/props';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

export const Watchdog = defineView(
  'watchdog',
  {
    model: str<'i6300esb' | 'ib700' | 'diag288' | 'itco'>('./@model'),
    action: str<'reset' | 'shutdown' | 'poweroff' | 'pause' | 'none' | 'dump' | 'inject-nmi'>('./@action'),
  },
  DeviceBase,
);
export type Watchdog = InstanceType<typeof Watchdog>;
export const watchdogKind: DeviceKind<Watchdog> = { tag: 'watchdog', View: Watchdog, key: (w) => w.model };

export const Tpm = defineView(
  'tpm',
  {
    model: str<'tpm-tis' | 'tpm-crb' | 'tpm-spapr'>('./@model'),
    backendType: str<'emulator' | 'passthrough' | 'external'>('./backend/@type'),
    backendVersion: str<'1.2' | '2.0'>('./backend/@version'),
    backendDevicePath: str('./backend/device/@path'),
    persistentState: yesNo('./backend/@persistent_state'),
  },
  DeviceBase,
);
export type Tpm = InstanceType<typeof Tpm>;
export const tpmKind: DeviceKind<Tpm> = { tag: 'tpm', View: Tpm, key: (t) => t.model };

export const Rng = defineView(
  'rng',
  {
    model: str('./@model'),
    backendModel: str<'random' | 'egd' | 'builtin'>('./backend/@model'),
    /** Host entropy source for the 'random' backend, e.g. /dev/urandom. */
    backendDevice: str('./backend'),
    rateBytes: int('./rate/@bytes'),
    ratePeriod: int('./rate/@period'),
  },
  DeviceBase,
);
export type Rng = InstanceType<typeof Rng>;
export const rngKind: DeviceKind<Rng> = { tag: 'rng', View: Rng, key: (r) => r.backendDevice };

/** Shared host directory; for virtiofs the target dir is the mount tag. */
export const Filesystem = defineView(
  'filesystem',
  {
    type: str('./@type'),
    accessmode: str<'passthrough' | 'mapped' | 'squash'>('./@accessmode'),
    driverType: str<'virtiofs' | 'path' | 'handle'>('./driver/@type'),
    sourceDir: str('./source/@dir'),
    targetDir: str('./target/@dir'),
    readonly: flag('./readonly'),
    binaryPath: str('./binary/@path'),
  },
  DeviceBase,
);
export type Filesystem = InstanceType<typeof Filesystem>;
export const filesystemKind: DeviceKind<Filesystem> = {
  tag: 'filesystem',
  View: Filesystem,
  key: (f) => f.targetDir,
  defaults: { type: 'mount' },
};

/** Listed for display only; libvirt adds and numbers controllers itself. */
export const Controller = defineView(
  'controller',
  {
    type: readOnly(str('./@type')),
    index: readOnly(int('./@index')),
    model: readOnly(str('./@model')),
    ports: readOnly(int('./@ports')),
  },
  DeviceBase,
);
export type Controller = InstanceType<typeof Controller>;
export const controllerKind: DeviceKind<Controller> = { tag: 'controller', View: Controller, key: (c) => `${c.type ?? ''}:${c.index ?? ''}` };
