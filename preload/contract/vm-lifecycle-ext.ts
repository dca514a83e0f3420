// Deleting, cloning, backing up and restoring a VM. Long work (clone, backup, restore) starts a job
// (see jobs.ts) and the call resolves with it as soon as the request passed its checks; progress,
// the end and cancelling go through the jobs service. Refusals reject the call itself.
import * as v from 'valibot';
import type { JobInfo } from './jobs';
import { hostIdSchema, vmUuidSchema } from './vms';

// ---- delete ------------------------------------------------------------------------------------

export type DiskFileRole = 'disk' | 'cdrom' | 'backing' | 'snapshot-overlay' | 'snapshot-base';

export interface DeletePlanFile {
  path: string;
  /** Why the file belongs to the VM (a file can have several roles). */
  roles: DiskFileRole[];
  /** Target dev of the disk it belongs to, when there is one. */
  target: string | null;
  /** Storage pool and volume holding the file; null when it is in no pool. */
  pool: string | null;
  volume: string | null;
  capacity: number | null;
  allocation: number | null;
  /** Other VMs on the host using this file (as disk or anywhere in their backing chains). */
  usedBy: string[];
  /** Only files in a pool that no other VM uses can be deleted. */
  deletable: boolean;
  /** Why not, when not deletable. */
  reason: string | null;
  /** What the UI should pre-select: writable disks and snapshot overlays only this VM uses. */
  suggested: boolean;
}

export interface DeletePlan {
  name: string;
  state: string;
  files: DeletePlanFile[];
  snapshotCount: number;
}

export interface DeleteVmOptions {
  /** Paths from the plan the user chose to delete. */
  removeDisks: string[];
  /** Force the VM off first when it runs; otherwise a running VM is refused. */
  forceOff?: boolean;
}

export interface DeleteVmResult {
  removed: string[];
  /** Volumes libvirt failed to delete after the VM was undefined. */
  failed: { path: string; reason: string }[];
}

// ---- clone -------------------------------------------------------------------------------------

export interface CloneSpec {
  name: string;
}

export interface ClonePlanDisk {
  target: string;
  source: string;
  /** 'copy' into a new volume, or 'share' (CD-ROMs, read-only and shareable disks keep the same file). */
  action: 'copy' | 'share';
  pool: string | null;
  newVolume: string | null;
}

// ---- backup / restore --------------------------------------------------------------------------

export interface BackupFileEntry {
  /** File name inside the backup folder. */
  file: string;
  kind: 'domain-xml' | 'disk';
  /** Disk target dev (disks only). */
  target?: string;
  /** Image format of the saved file (disks only). */
  format?: string;
  /** The disk's virtual size (disks only). */
  capacity?: number;
  /** Where the disk was on the host when saved. */
  sourcePath?: string;
  sourcePool?: string | null;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: 'virtdeck-backup';
  version: 1;
  createdAt: string;
  vm: { name: string; uuid: string };
  /** backup-job: libvirt's backup job wrote the disks; download: volumes streamed through the connection. */
  method: 'backup-job' | 'download';
  files: BackupFileEntry[];
  /** Disks not saved and why (CD-ROMs, shared disks, …). */
  skipped: { target: string; path: string | null; reason: string }[];
}

export interface BackupStart {
  job: JobInfo;
  /** The new folder the backup is written into. */
  folder: string;
}

export interface RestoreOptions {
  mode: 'new' | 'overwrite';
  /** 'new': name of the restored VM (default "<name>-restored"). */
  newName?: string;
  /** Pool for the restored disks (default: the original disk's pool when it still exists, else 'default'). */
  pool?: string;
  /** 'overwrite' replaces the original VM's definition and disks: the caller must confirm. */
  confirmOverwrite?: boolean;
}

export interface VmLifecycleExtService {
  deletePlan(hostId: string, uuid: string): Promise<DeletePlan>;
  delete(hostId: string, uuid: string, options: DeleteVmOptions): Promise<DeleteVmResult>;
  clonePlan(hostId: string, uuid: string, spec: CloneSpec): Promise<ClonePlanDisk[]>;
  clone(hostId: string, uuid: string, spec: CloneSpec): Promise<JobInfo>;
  backup(hostId: string, uuid: string, folder: string): Promise<BackupStart>;
  /** Reads a backup folder's manifest (no checksum check) so the UI can show what it holds. */
  inspectBackup(folder: string): Promise<BackupManifest>;
  restore(hostId: string, folder: string, options: RestoreOptions): Promise<JobInfo>;
}

// ---- argument schemas -------------------------------------------------------------------------

// Same rule as VmsService.rename: libvirt refuses '/', we also refuse control characters.
export const newVmNameSchema = v.pipe(
  v.string(),
  v.minLength(1, 'name is empty'),
  v.maxLength(200, 'name is too long'),
  v.regex(/^[^/\p{Cc}]+$/u, "a VM name cannot contain '/' or control characters"),
);
const localPath = v.pipe(v.string(), v.minLength(1, 'no folder chosen'), v.maxLength(4096, 'path is too long'));
const poolName = v.pipe(v.string(), v.minLength(1), v.maxLength(255));

export const vmLifecycleExtArgSchemas = {
  deletePlan: v.strictTuple([hostIdSchema, vmUuidSchema]),
  delete: v.strictTuple([
    hostIdSchema,
    vmUuidSchema,
    v.strictObject({ removeDisks: v.pipe(v.array(localPath), v.maxLength(256)), forceOff: v.optional(v.boolean()) }),
  ]),
  clonePlan: v.strictTuple([hostIdSchema, vmUuidSchema, v.strictObject({ name: newVmNameSchema })]),
  clone: v.strictTuple([hostIdSchema, vmUuidSchema, v.strictObject({ name: newVmNameSchema })]),
  backup: v.strictTuple([hostIdSchema, vmUuidSchema, localPath]),
  inspectBackup: v.strictTuple([localPath]),
  restore: v.strictTuple([
    hostIdSchema,
    localPath,
    v.strictObject({
      mode: v.picklist(['new', 'overwrite']),
      newName: v.optional(newVmNameSchema),
      pool: v.optional(poolName),
      confirmOverwrite: v.optional(v.boolean()),
    }),
  ]),
} satisfies { [M in keyof VmLifecycleExtService]: v.GenericSchema<unknown, Parameters<VmLifecycleExtService[M]>> };
