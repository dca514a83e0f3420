// The one contract between renderer and main (VS Code style): each service is an interface that
// main implements; a single generic channel carries every method, and `argSchemas` below is what
// main validates each call's arguments against before the implementation sees them.
import * as v from 'valibot';
import type { AuthAnswer, HostSummary } from './model';
import { hostIdSchema as hostId, vmsArgSchemas, type VmsService } from './vms';

import { filesArgSchemas, type FilesService } from './files';
import { hardwareArgSchemas, type HardwareService } from './hardware';
import { jobsArgSchemas, type JobsService } from './jobs';
import { networksArgSchemas, type NetworksService } from './networks';
import { settingsArgSchemas, type SettingsService } from './settings';
import { snapshotsArgSchemas, type SnapshotsService } from './snapshots';
import { vmLifecycleExtArgSchemas, type VmLifecycleExtService } from './vm-lifecycle-ext';
import { storageArgSchemas, type StorageService } from './storage';
import { statsArgSchemas, type StatsService } from './stats';

export type { VmsService } from './vms';
export type { JobsService } from './jobs';
export type { HardwareService } from './hardware';
export type { FilesService } from './files';
export type { SnapshotsService } from './snapshots';
export type { VmLifecycleExtService } from './vm-lifecycle-ext';
export type { SettingsService } from './settings';
export type { StorageService } from './storage';
export type { NetworksService } from './networks';
export type { StatsService } from './stats';

export interface HostsService {
  list(): Promise<HostSummary[]>;
  add(input: { name: string; uri: string; autoconnect: boolean }): Promise<HostSummary>;
  /** Renames a saved host or changes its autoconnect; the URI is fixed (add another host instead). */
  update(hostId: string, changes: { name?: string; autoconnect?: boolean }): Promise<HostSummary>;
  remove(hostId: string): Promise<void>;
  connect(hostId: string): Promise<void>;
  disconnect(hostId: string): Promise<void>;
  /** Answers an `auth-prompt` event. */
  answerPrompt(promptId: string, answer: AuthAnswer): Promise<void>;
}

export interface VirtdeckServices {
  hosts: HostsService;
  vms: VmsService;
  jobs: JobsService;
  stats: StatsService;
  settings: SettingsService;
  storage: StorageService;
  networks: NetworksService;
  hardware: HardwareService;
  files: FilesService;
  snapshots: SnapshotsService;
  /** Delete with disks, clone, backup and restore. */
  vmLifecycle: VmLifecycleExtService;
}

export type ServiceName = keyof VirtdeckServices;
export type MethodName<S extends ServiceName> = keyof VirtdeckServices[S] & string;

// ---- argument schemas -------------------------------------------------------------------------

const name = v.pipe(v.string(), v.trim(), v.minLength(1, 'name is empty'), v.maxLength(200, 'name is too long'));
// A libvirt URI: scheme, '://', then printable ASCII only (no spaces or control characters; full parsing happens in
// electron/libvirt/uri.ts when connecting).
const uri = v.pipe(
  v.string(),
  v.maxLength(2048, 'URI is too long'),
  v.regex(/^[a-z][a-z0-9+.-]*:\/\/[!-~]*$/i, 'not a libvirt URI (expected e.g. qemu:///system)'),
);

type Method = (...args: never[]) => unknown;
type ArgsSchema<F> = F extends Method ? v.GenericSchema<unknown, Parameters<F>> : never;
export type ArgSchemas = {
  [S in ServiceName]: { [M in MethodName<S>]: ArgsSchema<VirtdeckServices[S][M]> };
};

/** Argument tuples per method (strict: extra arguments are refused); the `satisfies` keeps them in step with the interfaces above. */
export const argSchemas = {
  hosts: {
    list: v.strictTuple([]),
    add: v.strictTuple([v.strictObject({ name, uri, autoconnect: v.boolean() })]),
    update: v.strictTuple([hostId, v.strictObject({ name: v.optional(name), autoconnect: v.optional(v.boolean()) })]),
    remove: v.strictTuple([hostId]),
    connect: v.strictTuple([hostId]),
    disconnect: v.strictTuple([hostId]),
    answerPrompt: v.strictTuple([
      v.pipe(v.string(), v.uuid()),
      v.nullable(
        v.union([
          v.strictObject({ accept: v.boolean() }),
          v.strictObject({ secret: v.pipe(v.string(), v.maxLength(4096)), remember: v.optional(v.boolean()) }),
          v.strictObject({
            username: v.pipe(v.string(), v.minLength(1, 'user name is empty'), v.maxLength(256)),
            secret: v.pipe(v.string(), v.maxLength(4096)),
            remember: v.optional(v.boolean()),
          }),
          v.strictObject({ responses: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(32)) }),
        ]),
      ),
    ]),
  },
  vms: vmsArgSchemas,
  jobs: jobsArgSchemas,
  stats: statsArgSchemas,
  settings: settingsArgSchemas,
  storage: storageArgSchemas,
  networks: networksArgSchemas,
  hardware: hardwareArgSchemas,
  files: filesArgSchemas,
  snapshots: snapshotsArgSchemas,
  vmLifecycle: vmLifecycleExtArgSchemas,
} satisfies ArgSchemas;
