import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../preload/contract/jobs';
import { JobRegistry } from './job-registry';

const HOST = '11111111-2222-4333-8444-555555555555';

describe('JobRegistry', () => {
  it('reports progress (throttled) and completion', async () => {
    const events: JobEvent[] = [];
    const jobs = new JobRegistry((e) => events.push(e));
    const { job, result } = jobs.run({ hostId: HOST, kind: 'upload', title: 'Upload x' }, async (ctx) => {
      for (let i = 1; i <= 1000; i++) ctx.progress(i, 1000);
      return 'ok';
    });
    expect(job.state).toBe('running');
    expect(await result).toBe('ok');
    const last = events.at(-1)!.job;
    expect(last).toMatchObject({ id: job.id, state: 'done', done: 1000, total: 1000, error: null });
    expect(events.length).toBeLessThan(10);
    expect((await jobs.service.list())[0]!.state).toBe('done');
  });

  it('cancels through the AbortSignal and says so', async () => {
    const events: JobEvent[] = [];
    const jobs = new JobRegistry((e) => events.push(e));
    const { job, result } = jobs.run({ hostId: HOST, kind: 'download', title: 'Download y' }, (ctx) =>
      new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
    );
    await jobs.service.cancel(job.id);
    await expect(result).rejects.toThrow('cancelled by the user');
    expect(events.at(-1)!.job).toMatchObject({ state: 'cancelled', error: null });
    await jobs.service.clearFinished();
    expect(await jobs.service.list()).toEqual([]);
  });

  it('records failures with their message and refuses unknown or uncancellable jobs', async () => {
    const jobs = new JobRegistry(() => undefined);
    const { job, result } = jobs.run({ hostId: HOST, kind: 'clone', title: 'Clone', cancellable: false }, async () => {
      throw new Error('disk full');
    });
    await expect(result).rejects.toThrow('disk full');
    expect((await jobs.service.list())[0]).toMatchObject({ id: job.id, state: 'failed', error: 'disk full' });
    await expect(jobs.service.cancel(job.id)).rejects.toMatchObject({ code: 'NOT_CANCELLABLE' });
    await expect(jobs.service.cancel('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NO_JOB' });
  });
});
