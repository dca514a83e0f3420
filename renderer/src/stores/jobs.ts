// Long operations (uploads, downloads, clones, …) as main's JobRegistry reports them: the list is
// loaded once and kept current by `job-updated` events.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { JobInfo } from '../../../preload/contract/jobs';
import type { VirtdeckEvent } from '../../../preload/contract/model';
import { api, onEvent } from '../api/virtdeck';

export const useJobsStore = defineStore('jobs', () => {
  const byId = shallowRef(new Map<string, JobInfo>());
  const panelOpen = ref(false);

  /** Running first, then newest first. */
  const jobs = computed(() =>
    [...byId.value.values()].sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || b.startedAt - a.startedAt),
  );
  const running = computed(() => jobs.value.filter((j) => j.state === 'running'));
  const finishedCount = computed(() => jobs.value.length - running.value.length);

  async function load() {
    const list = await api.jobs.list();
    byId.value = new Map(list.map((j) => [j.id, j]));
  }
  function upsert(job: JobInfo) {
    byId.value.set(job.id, job);
    triggerRef(byId);
  }
  async function cancel(id: string) {
    await api.jobs.cancel(id);
  }
  async function clearFinished() {
    await api.jobs.clearFinished();
    for (const [id, j] of byId.value) if (j.state !== 'running') byId.value.delete(id);
    triggerRef(byId);
  }
  function listen(): () => void {
    return onEvent((e: VirtdeckEvent) => {
      if (e.type === 'job-updated') upsert(e.job);
    });
  }
  return { byId, jobs, running, finishedCount, panelOpen, load, upsert, cancel, clearFinished, listen };
});
