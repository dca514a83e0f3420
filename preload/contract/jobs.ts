// Long operations (upload/download, clone, save/restore, backup, migration) run as jobs the user
// can watch and cancel from anywhere in the UI.
import * as v from 'valibot';

export const JOB_KINDS = ['upload', 'download', 'clone', 'volume-clone', 'save', 'restore', 'backup', 'restore-backup', 'migration', 'wipe'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  id: string;
  hostId: string;
  kind: JobKind;
  /** What the user sees, e.g. "Upload debian.iso to default/debian.iso". */
  title: string;
  state: JobState;
  /** Units are the job's own (bytes for transfers); total null while unknown. */
  done: number;
  total: number | null;
  startedAt: number;
  endedAt: number | null;
  /** Set when state is 'failed'. */
  error: string | null;
  cancellable: boolean;
}

export interface JobsService {
  list(): Promise<JobInfo[]>;
  cancel(jobId: string): Promise<void>;
  /** Forget finished jobs. */
  clearFinished(): Promise<void>;
}

export type JobEvent = { type: 'job-updated'; job: JobInfo };

export const jobsArgSchemas = {
  list: v.strictTuple([]),
  cancel: v.strictTuple([v.pipe(v.string(), v.uuid())]),
  clearFinished: v.strictTuple([]),
};
