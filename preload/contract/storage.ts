// Storage pools and volumes: the service main implements, the data it returns, and the argument
// schemas main checks each call against. Shapes only here; what a value means (absolute paths, host
// names, sizes like "10G") is checked in electron/core/storage/, which reports every problem at once.
import * as v from 'valibot';

// ---- data ---------------------------------------------------------------------------------------

export const POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'iscsi', 'rbd', 'disk'] as const;
export type PoolType = (typeof POOL_TYPES)[number];

/** libvirt's virStoragePoolState, by name. */
export type PoolState = 'inactive' | 'building' | 'running' | 'degraded' | 'inaccessible';

export interface PoolSummary {
  hostId: string;
  name: string;
  uuid: string;
  /** One of POOL_TYPES, or whatever else libvirt reports (e.g. 'zfs', 'scsi') for pools made elsewhere. */
  type: string;
  state: PoolState;
  active: boolean;
  persistent: boolean;
  autostart: boolean;
  /** Bytes (0 while the pool is inactive). */
  capacity: number;
  allocation: number;
  available: number;
  /** `<target><path>`; null for pools without one (rbd). */
  targetPath: string | null;
}

/** libvirt's virStorageVolType, by name. */
export type VolumeType = 'file' | 'block' | 'dir' | 'network' | 'netdir' | 'ploop';

export interface VolumeSummary {
  hostId: string;
  pool: string;
  name: string;
  /** Unique on the host (usually the path). */
  key: string;
  path: string;
  type: VolumeType;
  /** `<target><format type>`: 'qcow2', 'raw', 'iso', ... ; null when libvirt does not say. */
  format: string | null;
  /** Bytes the guest sees. */
  capacity: number;
  /** Bytes actually used on the host. */
  allocation: number;
}

/** A libvirt secret, by UUID. Virtdeck never takes or stores the secret's value. */
export interface SecretAuth {
  username: string;
  secretUuid: string;
}

export const FS_FORMATS = ['auto', 'ext2', 'ext3', 'ext4', 'ufs', 'iso9660', 'udf', 'gfs', 'gfs2', 'vfat', 'hfs+', 'xfs', 'ocfs2', 'vmfs'] as const;
export const NETFS_FORMATS = ['auto', 'nfs', 'glusterfs', 'cifs'] as const;
export const DISK_FORMATS = ['dos', 'dvh', 'gpt', 'mac', 'bsd', 'pc98', 'sun', 'lvm2'] as const;

/** What the pool wizard collects, per pool type. */
export type PoolSpec =
  | { type: 'dir'; name: string; targetPath: string }
  | {
      type: 'fs';
      name: string;
      /** Block device holding the file system, e.g. /dev/sdb1. */
      sourceDevice: string;
      format?: (typeof FS_FORMATS)[number];
      targetPath: string;
    }
  | {
      type: 'netfs';
      name: string;
      /** NFS (or gluster/cifs) server. */
      host: string;
      /** Exported directory on the server (for cifs: the share name). */
      sourceDir: string;
      format?: (typeof NETFS_FORMATS)[number];
      /** NFS protocol version, e.g. '3', '4.1'. */
      protocolVersion?: string;
      targetPath: string;
    }
  | {
      type: 'logical';
      name: string;
      /** Volume group name; defaults to the pool name. */
      sourceName?: string;
      /** Physical volumes to create the group on (only needed when building a new group). */
      sourceDevices?: string[];
      /** Defaults to /dev/<volume group>. */
      targetPath?: string;
    }
  | {
      type: 'iscsi';
      name: string;
      host: string;
      port?: number;
      /** Target IQN, e.g. iqn.2013-06.com.example:storage. */
      target: string;
      /** Our initiator IQN, when the target only admits known initiators. */
      initiatorIqn?: string;
      /** CHAP. */
      auth?: SecretAuth;
      /** Defaults to /dev/disk/by-path. */
      targetPath?: string;
    }
  | {
      type: 'rbd';
      name: string;
      /** Ceph monitors. */
      hosts: { name: string; port?: number }[];
      /** Ceph pool name. */
      sourceName: string;
      /** cephx. */
      auth?: SecretAuth;
    }
  | {
      type: 'disk';
      name: string;
      /** Whole disk, e.g. /dev/sdb. */
      sourceDevice: string;
      /** Partition table; libvirt's default is dos. */
      format?: (typeof DISK_FORMATS)[number];
      /** Defaults to /dev. */
      targetPath?: string;
    };

export interface DefinePoolOptions {
  /**
   * Build the pool after defining it (make the directory, mkfs, write a partition table, create
   * the volume group). If building fails the definition is removed again.
   */
  build?: boolean;
  /** With build: allow overwriting existing data (mkfs/pvcreate/label over what is there). Default false: refuse. */
  overwrite?: boolean;
  start?: boolean;
  autostart?: boolean;
}

/** A step after define that failed while the definition was kept. */
export interface StepProblem {
  step: 'start' | 'autostart';
  code: string;
  message: string;
}

export interface DefinePoolResult {
  pool: PoolSummary;
  /** Empty when everything asked for happened. */
  problems: StepProblem[];
}

export const VOLUME_FORMATS = ['qcow2', 'raw'] as const;
export type VolumeFormat = (typeof VOLUME_FORMATS)[number];

/** A size as the user typed it ("10G", "512MiB", "1.5 TB"; G = GiB, GB = 10^9) or a byte count. */
export type SizeInput = string | number;

export interface CreateVolumeSpec {
  name: string;
  format: VolumeFormat;
  capacity: SizeInput;
  /** Preallocate: 'metadata' (qcow2 only) or 'full' (allocation = capacity). Default: sparse. */
  preallocation?: 'none' | 'metadata' | 'full';
}

export interface ResizeVolumeOptions {
  capacity: SizeInput;
  /** Shrinking loses data at the end of the disk; refused unless this is true. */
  allowShrink?: boolean;
}

export interface CloneVolumeSpec {
  /** Name of the new volume. */
  name: string;
  /** Pool for the new volume; defaults to the source's pool. */
  targetPool?: string;
  /** Defaults to the source's format. */
  format?: VolumeFormat;
}

export const WIPE_ALGORITHMS = ['zero', 'nnsa', 'dod', 'bsi', 'gutmann', 'schneier', 'pfitzner7', 'pfitzner33', 'random', 'trim'] as const;
export type WipeAlgorithm = (typeof WIPE_ALGORITHMS)[number];

export interface UploadSpec {
  pool: string;
  volume: string;
  /** Absolute path of a local file, from the user's file picker. */
  file: string;
}

export interface DownloadSpec extends UploadSpec {
  /** Replace `file` if it exists. Default false: refuse. */
  overwrite?: boolean;
}

export interface TransferResult {
  bytes: number;
}

export interface StorageService {
  listPools(hostId: string): Promise<PoolSummary[]>;
  getPool(hostId: string, pool: string): Promise<PoolSummary>;
  /** The pool's XML; `inactive` gives the persistent definition rather than the live one. */
  poolXml(hostId: string, pool: string, inactive?: boolean): Promise<string>;
  /** The XML definePool would send, or INVALID_ARGUMENT listing every problem. */
  previewPoolXml(hostId: string, spec: PoolSpec): Promise<string>;
  definePool(hostId: string, spec: PoolSpec, options?: DefinePoolOptions): Promise<DefinePoolResult>;
  buildPool(hostId: string, pool: string, options?: { overwrite?: boolean }): Promise<void>;
  startPool(hostId: string, pool: string): Promise<void>;
  stopPool(hostId: string, pool: string): Promise<void>;
  setPoolAutostart(hostId: string, pool: string, autostart: boolean): Promise<void>;
  refreshPool(hostId: string, pool: string): Promise<void>;
  /** Removes the definition (the pool must be stopped); the data stays. */
  undefinePool(hostId: string, pool: string): Promise<void>;
  /** Deletes the pool's underlying storage (directory, volume group, ...); the pool must be stopped. */
  deletePool(hostId: string, pool: string): Promise<void>;

  listVolumes(hostId: string, pool: string): Promise<VolumeSummary[]>;
  getVolume(hostId: string, pool: string, volume: string): Promise<VolumeSummary>;
  volumeXml(hostId: string, pool: string, volume: string): Promise<string>;
  createVolume(hostId: string, pool: string, spec: CreateVolumeSpec): Promise<VolumeSummary>;
  resizeVolume(hostId: string, pool: string, volume: string, options: ResizeVolumeOptions): Promise<VolumeSummary>;
  /** Runs as a 'volume-clone' job (progress on job-updated; libvirt cannot cancel it). Resolves when done. */
  cloneVolume(hostId: string, pool: string, volume: string, spec: CloneVolumeSpec): Promise<VolumeSummary>;
  wipeVolume(hostId: string, pool: string, volume: string, algorithm?: WipeAlgorithm): Promise<void>;
  deleteVolume(hostId: string, pool: string, volume: string): Promise<void>;
  /**
   * Writes a local file into a volume (the file must fit), as an 'upload' job: progress arrives as
   * job-updated events and JobsService.cancel stops it (the call then fails with CANCELLED). Resolves when done.
   */
  uploadVolume(hostId: string, spec: UploadSpec): Promise<TransferResult>;
  /** Writes a volume's content to a new local file, as a 'download' job (like uploadVolume). Resolves when done. */
  downloadVolume(hostId: string, spec: DownloadSpec): Promise<TransferResult>;
}

// ---- argument schemas -------------------------------------------------------------------------

const hostId = v.pipe(v.string(), v.uuid('host id must be a UUID'));
const objName = v.pipe(v.string(), v.minLength(1, 'name is empty'), v.maxLength(255, 'name is too long'));
const str = v.pipe(v.string(), v.maxLength(4096, 'too long'));
const port = v.pipe(v.number(), v.integer('port must be a whole number'));
const size = v.union([v.pipe(v.string(), v.maxLength(64, 'size is too long')), v.number()], 'size must be text like "10G" or a byte count');
const auth = v.strictObject({ username: str, secretUuid: str });

const poolSpec = v.variant('type', [
  v.strictObject({ type: v.literal('dir'), name: objName, targetPath: str }),
  v.strictObject({ type: v.literal('fs'), name: objName, sourceDevice: str, format: v.optional(v.picklist(FS_FORMATS)), targetPath: str }),
  v.strictObject({
    type: v.literal('netfs'),
    name: objName,
    host: str,
    sourceDir: str,
    format: v.optional(v.picklist(NETFS_FORMATS)),
    protocolVersion: v.optional(str),
    targetPath: str,
  }),
  v.strictObject({
    type: v.literal('logical'),
    name: objName,
    sourceName: v.optional(str),
    sourceDevices: v.optional(v.pipe(v.array(str), v.maxLength(64))),
    targetPath: v.optional(str),
  }),
  v.strictObject({
    type: v.literal('iscsi'),
    name: objName,
    host: str,
    port: v.optional(port),
    target: str,
    initiatorIqn: v.optional(str),
    auth: v.optional(auth),
    targetPath: v.optional(str),
  }),
  v.strictObject({
    type: v.literal('rbd'),
    name: objName,
    hosts: v.pipe(v.array(v.strictObject({ name: str, port: v.optional(port) })), v.maxLength(32)),
    sourceName: str,
    auth: v.optional(auth),
  }),
  v.strictObject({
    type: v.literal('disk'),
    name: objName,
    sourceDevice: str,
    format: v.optional(v.picklist(DISK_FORMATS)),
    targetPath: v.optional(str),
  }),
]);

const defineOptions = v.strictObject({
  build: v.optional(v.boolean()),
  overwrite: v.optional(v.boolean()),
  start: v.optional(v.boolean()),
  autostart: v.optional(v.boolean()),
});

const transfer = {
  pool: objName,
  volume: objName,
  file: v.pipe(v.string(), v.minLength(1, 'no file chosen'), v.maxLength(4096, 'file path is too long')),
};

/** Argument tuples for StorageService (strict: extra arguments are refused). */
export const storageArgSchemas = {
  listPools: v.strictTuple([hostId]),
  getPool: v.strictTuple([hostId, objName]),
  poolXml: v.union([v.strictTuple([hostId, objName]), v.strictTuple([hostId, objName, v.boolean()])]),
  previewPoolXml: v.strictTuple([hostId, poolSpec]),
  definePool: v.union([v.strictTuple([hostId, poolSpec]), v.strictTuple([hostId, poolSpec, defineOptions])]),
  buildPool: v.union([
    v.strictTuple([hostId, objName]),
    v.strictTuple([hostId, objName, v.strictObject({ overwrite: v.optional(v.boolean()) })]),
  ]),
  startPool: v.strictTuple([hostId, objName]),
  stopPool: v.strictTuple([hostId, objName]),
  setPoolAutostart: v.strictTuple([hostId, objName, v.boolean()]),
  refreshPool: v.strictTuple([hostId, objName]),
  undefinePool: v.strictTuple([hostId, objName]),
  deletePool: v.strictTuple([hostId, objName]),
  listVolumes: v.strictTuple([hostId, objName]),
  getVolume: v.strictTuple([hostId, objName, objName]),
  volumeXml: v.strictTuple([hostId, objName, objName]),
  createVolume: v.strictTuple([
    hostId,
    objName,
    v.strictObject({
      name: objName,
      format: v.picklist(VOLUME_FORMATS),
      capacity: size,
      preallocation: v.optional(v.picklist(['none', 'metadata', 'full'])),
    }),
  ]),
  resizeVolume: v.strictTuple([hostId, objName, objName, v.strictObject({ capacity: size, allowShrink: v.optional(v.boolean()) })]),
  cloneVolume: v.strictTuple([
    hostId,
    objName,
    objName,
    v.strictObject({ name: objName, targetPool: v.optional(objName), format: v.optional(v.picklist(VOLUME_FORMATS)) }),
  ]),
  wipeVolume: v.union([
    v.strictTuple([hostId, objName, objName]),
    v.strictTuple([hostId, objName, objName, v.picklist(WIPE_ALGORITHMS)]),
  ]),
  deleteVolume: v.strictTuple([hostId, objName, objName]),
  uploadVolume: v.strictTuple([hostId, v.strictObject(transfer)]),
  downloadVolume: v.strictTuple([hostId, v.strictObject({ ...transfer, overwrite: v.optional(v.boolean()) })]),
} satisfies { [M in keyof StorageService]: v.GenericSchema<unknown, Parameters<StorageService[M]>> };
