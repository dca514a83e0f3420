// VM snapshots: list as a tree, create (internal or external disk-only), revert, delete. Every
// revert/delete is checked against the disks' backing chains first; an unsafe request is refused
// with the reason (code SNAPSHOT_UNSAFE) and nothing is changed.
import * as v from 'valibot';
import { hostIdSchema, vmUuidSchema } from './vms';

/** internal: data inside the qcow2 disks (and RAM when taken running); external: new overlay files. */
export type SnapshotKind = 'internal' | 'external';

export interface SnapshotDisk {
  /** Target dev, e.g. 'vda'. */
  target: string;
  snapshot: 'internal' | 'external' | 'no' | 'manual';
  /** external: the overlay file created for this disk. */
  overlay: string | null;
  /** The disk's file when the snapshot was taken (external: the overlay's backing image). */
  source: string | null;
}

export interface SnapshotInfo {
  name: string;
  description: string;
  /** ms since the epoch. */
  createdAt: number;
  /** Domain state when taken: running, paused, shutoff, disk-snapshot, … */
  state: string;
  kind: SnapshotKind;
  /** RAM was saved too (reverting resumes the VM where it was). */
  withMemory: boolean;
  current: boolean;
  parent: string | null;
  disks: SnapshotDisk[];
}

export interface SnapshotNode extends SnapshotInfo {
  children: SnapshotNode[];
}

/** What this host's libvirt can do with snapshots (by version). */
export interface SnapshotSupport {
  libvirtVersion: string;
  externalDelete: boolean;
  externalRevert: boolean;
}

export interface SnapshotTree {
  roots: SnapshotNode[];
  current: string | null;
  support: SnapshotSupport;
}

export interface CreateSnapshotSpec {
  name: string;
  description?: string;
  kind: SnapshotKind;
  /** internal only: save RAM when the VM runs (default true). Ignored when the VM is off. */
  memory?: boolean;
  /** external only: ask the guest agent to freeze file systems first. */
  quiesce?: boolean;
}

export interface RevertOptions {
  /** State after revert: as the snapshot was (default), or force running / paused. */
  start?: 'snapshot' | 'running' | 'paused';
}

export interface DeleteSnapshotOptions {
  /** Also delete every descendant. */
  children?: boolean;
  /** Only forget libvirt's record, leave every file as is. Never the default. */
  metadataOnly?: boolean;
}

/** Verdict for a revert or delete, so the UI can explain before the user clicks. */
export interface SnapshotCheck {
  allowed: boolean;
  /** Why not (empty when allowed). */
  reasons: string[];
  /** Things the user should know even when allowed (e.g. files that will be merged). */
  notes: string[];
}

export type SnapshotAction = { op: 'revert' } | { op: 'delete'; children?: boolean };

export interface SnapshotsService {
  list(hostId: string, uuid: string): Promise<SnapshotTree>;
  create(hostId: string, uuid: string, spec: CreateSnapshotSpec): Promise<SnapshotInfo>;
  check(hostId: string, uuid: string, name: string, action: SnapshotAction): Promise<SnapshotCheck>;
  revert(hostId: string, uuid: string, name: string, options?: RevertOptions): Promise<void>;
  delete(hostId: string, uuid: string, name: string, options?: DeleteSnapshotOptions): Promise<void>;
}

// ---- argument schemas -------------------------------------------------------------------------

// Snapshot names become parts of overlay file names: keep them to a safe set.
export const snapshotNameSchema = v.pipe(
  v.string(),
  v.minLength(1, 'snapshot name is empty'),
  v.maxLength(100, 'snapshot name is too long'),
  v.regex(/^[A-Za-z0-9_][A-Za-z0-9_.+:@-]*$/, 'a snapshot name may only contain letters, digits and . _ + - : @'),
);
// Existing snapshots may have been named by other tools: accept any name libvirt accepts.
const existingName = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));

export const snapshotsArgSchemas = {
  list: v.strictTuple([hostIdSchema, vmUuidSchema]),
  create: v.strictTuple([
    hostIdSchema,
    vmUuidSchema,
    v.strictObject({
      name: snapshotNameSchema,
      description: v.optional(v.pipe(v.string(), v.maxLength(10_000, 'description is too long'))),
      kind: v.picklist(['internal', 'external']),
      memory: v.optional(v.boolean()),
      quiesce: v.optional(v.boolean()),
    }),
  ]),
  check: v.strictTuple([
    hostIdSchema,
    vmUuidSchema,
    existingName,
    v.variant('op', [v.strictObject({ op: v.literal('revert') }), v.strictObject({ op: v.literal('delete'), children: v.optional(v.boolean()) })]),
  ]),
  revert: v.union([
    v.strictTuple([hostIdSchema, vmUuidSchema, existingName]),
    v.strictTuple([hostIdSchema, vmUuidSchema, existingName, v.strictObject({ start: v.optional(v.picklist(['snapshot', 'running', 'paused'])) })]),
  ]),
  delete: v.union([
    v.strictTuple([hostIdSchema, vmUuidSchema, existingName]),
    v.strictTuple([
      hostIdSchema,
      vmUuidSchema,
      existingName,
      v.strictObject({ children: v.optional(v.boolean()), metadataOnly: v.optional(v.boolean()) }),
    ]),
  ]),
} satisfies { [M in keyof SnapshotsService]: v.GenericSchema<unknown, Parameters<SnapshotsService[M]>> };
