// Runs long operations as jobs: each gets an id, an AbortSignal the user can trip, and progress
// that reaches the renderer at most a few times a second however often the work reports it.
import { randomUUID } from 'node:crypto';
import type { JobEvent, JobInfo, JobKind, JobsService } from '../../../preload/contract/jobs';
import { ApiError } from '../api/api-error';

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total?: number | null): void;
}

export interface JobSpec {
  hostId: string;
  kind: JobKind;
  title: string;
  cancellable?: boolean;
}

const PROGRESS_INTERVAL_MS = 250;

export class JobRegistry {
  private readonly jobs = new Map<string, { info: JobInfo; abort: AbortController }>();

  constructor(private readonly emit: (event: JobEvent) => void) {}

  /** Starts `work` as a job; the returned promise settles with the work (rejects on failure or cancel). */
  run<T>(spec: JobSpec, work: (ctx: JobContext) => Promise<T>): { job: JobInfo; result: Promise<T> } {
    const abort = new AbortController();
    const info: JobInfo = {
      id: randomUUID(),
      ...spec,
      cancellable: spec.cancellable ?? true,
      state: 'running',
      done: 0,
      total: null,
      startedAt: Date.now(),
      endedAt: null,
      error: null,
    };
    this.jobs.set(info.id, { info, abort });
    this.publish(info);
    let lastSent = 0;
    let pending: NodeJS.Timeout | null = null;
    const flush = () => {
      pending = null;
      lastSent = Date.now();
      if (info.state === 'running') this.publish(info);
    };
    const ctx: JobContext = {
      signal: abort.signal,
      progress: (done, total) => {
        info.done = done;
        if (total !== undefined) info.total = total;
        const wait = PROGRESS_INTERVAL_MS - (Date.now() - lastSent);
        if (wait <= 0) flush();
        else pending ??= setTimeout(flush, wait);
      },
    };
    const result = (async () => {
      try {
        const value = await work(ctx);
        info.state = 'done';
        if (info.total !== null) info.done = info.total;
        return value;
      } catch (err) {
        info.state = abort.signal.aborted ? 'cancelled' : 'failed';
        info.error = abort.signal.aborted ? null : (err as Error).message;
        throw err;
      } finally {
        if (pending) clearTimeout(pending);
        info.endedAt = Date.now();
        this.publish(info);
      }
    })();
    // The caller may only watch events; an unobserved failure must not crash the process.
    result.catch(() => undefined);
    return { job: { ...info }, result };
  }

  readonly service: JobsService = {
    list: async () => [...this.jobs.values()].map((j) => ({ ...j.info })),
    cancel: async (jobId) => {
      const job = this.jobs.get(jobId);
      if (!job) throw new ApiError('NO_JOB', `no job ${jobId}`);
      if (!job.info.cancellable) throw new ApiError('NOT_CANCELLABLE', `${job.info.title} cannot be cancelled`);
      job.abort.abort(new Error('cancelled by the user'));
    },
    clearFinished: async () => {
      for (const [id, j] of this.jobs) if (j.info.state !== 'running') this.jobs.delete(id);
    },
  };

  cancelAll(): void {
    for (const j of this.jobs.values()) if (j.info.state === 'running') j.abort.abort(new Error('Virtdeck is closing'));
  }

  private publish(info: JobInfo) {
    this.emit({ type: 'job-updated', job: { ...info } });
  }
}
