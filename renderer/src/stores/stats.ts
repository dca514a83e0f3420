import { defineStore } from 'pinia';
import { markRaw, shallowRef, triggerRef } from 'vue';
import type { HostStatsSample, StatsEvent, StatsTickEvent, VmMetric } from '../../../preload/contract/stats';
import { api } from '../api/virtdeck';
import { HostVmHistory, HostTable, type RunningSince, type VmLatest } from '../lib/stats-table';

export type { VmLatest } from '../lib/stats-table';
export { SPARK_LEN } from '../lib/stats-table';

/**
 * Live statistics from main's `stats-tick` events: per host its key table and latest tick, per VM
 * its latest values, a 60-sample cpu ring (Float32Array, NaN = no value) and when it was first
 * seen running. Thousands of VMs: plain Maps behind shallowRefs triggered once per tick, so Vue
 * never proxies the columns. Read with the getters; they are reactive on the host's ticks.
 */
export const useStatsStore = defineStore('stats', () => {
  const tables = shallowRef(new Map<string, HostTable>());
  /** Per host: the last polling error (null/absent when fine). */
  const errors = shallowRef(new Map<string, string>());
  /** Per host: each VM's cpu ring and since when it runs. */
  const series = new Map<string, HostVmHistory>();
  const fetching = new Set<string>();
  // Every host ticks once a second, each at its own moment: views are told once per frame, not
  // once per host, so ten hosts cost one re-render.
  let triggerPending = false;
  function notify(): void {
    if (triggerPending) return;
    triggerPending = true;
    requestAnimationFrame(() => {
      triggerPending = false;
      changed();
    });
  }
  /** How many times the tables changed: lets a view tell a tick from its own changes. */
  let revision = 0;
  function changed(): void {
    revision++;
    triggerRef(tables);
  }

  function apply(event: StatsEvent): void {
    if (event.type === 'stats-error') {
      if (event.message) errors.value.set(event.hostId, event.message);
      else errors.value.delete(event.hostId);
      triggerRef(errors);
      return;
    }
    const table = tables.value.get(event.hostId);
    if (table ? !table.apply(event) : !event.keys) {
      void refetch(event.hostId);
      return;
    }
    if (!table) tables.value.set(event.hostId, new HostTable(event as StatsTickEvent & { keys: string[] }));
    record(event.hostId, event, !!table);
    notify();
  }

  async function refetch(hostId: string): Promise<void> {
    if (fetching.has(hostId)) return;
    fetching.add(hostId);
    try {
      const full = await api.stats.current(hostId);
      if (!full?.keys) return;
      const table = tables.value.get(hostId);
      if (table && table.tick.seq >= full.seq && table.keysVersion === full.keysVersion) return;
      if (table) table.apply(full);
      else tables.value.set(hostId, new HostTable(full as StatsTickEvent & { keys: string[] }));
      record(hostId, full, !!table);
      notify();
    } catch {
      // host gone or not sampled yet: the next tick tries again
    } finally {
      fetching.delete(hostId);
    }
  }

  /** Appends one tick to the host's rings and running-since marks. */
  function record(hostId: string, ev: StatsTickEvent, hadTable: boolean): void {
    const table = tables.value.get(hostId)!;
    let s = series.get(hostId);
    if (!s) series.set(hostId, (s = new HostVmHistory()));
    s.record(table.keys, ev.vms.cpu, ev.vms.state, ev.t, hadTable);
  }

  function removeHost(hostId: string): void {
    if (tables.value.delete(hostId)) changed();
    series.delete(hostId);
  }

  /** The VM's values from its host's latest tick; null when the VM is not active or not sampled. */
  function vmLatest(hostId: string, uuid: string): VmLatest | null {
    return tables.value.get(hostId)?.latest(uuid) ?? null;
  }
  /** The host's latest totals (cpu %, memory KiB, running VMs), or null before the first tick. */
  function hostLatest(hostId: string): (HostStatsSample & { t: number }) | null {
    const tick = tables.value.get(hostId)?.tick;
    return tick ? { ...tick.host, t: tick.t } : null;
  }
  /** The host's latest tick (all columns; row i is keysOf(hostId)[i]). */
  function hostTick(hostId: string): StatsTickEvent | null {
    return tables.value.get(hostId)?.tick ?? null;
  }
  function keysOf(hostId: string): readonly string[] {
    return tables.value.get(hostId)?.keys ?? [];
  }
  /** When this VM was first seen running; exact false: it was already running when sampling began. */
  function runningSinceOf(hostId: string, uuid: string): RunningSince | null {
    void tables.value;
    return series.get(hostId)?.runningSince(uuid) ?? null;
  }

  /**
   * Reads for views that paint every row in sight on every tick: plain functions, not store
   * actions — Pinia wraps each action call in its subscription bookkeeping, which costs more than
   * the read itself when done for hundreds of rows a second. Reactive on ticks like the getters.
   */
  const live = markRaw({
    /** Counts the tables' changes (see `changed`). */
    revision(): number {
      void tables.value;
      return revision;
    },
    /** Writes the VM's `metrics` from its host's latest tick into out[at…] (NaN for none); false: not sampled. */
    writeLatest(hostId: string, uuid: string, metrics: readonly VmMetric[], out: Float64Array, at: number): boolean {
      return tables.value.get(hostId)?.writeLatest(uuid, metrics, out, at) ?? false;
    },
    /** Writes the VM's newest cpu % samples that fit in `room` into out[at…], oldest first; returns how many. */
    writeSparkline(hostId: string, uuid: string, out: Float32Array, at: number, room: number): number {
      void tables.value;
      return series.get(hostId)?.ring(uuid)?.writeTo(out, at, room) ?? 0;
    },
  });

  return { tables, errors, apply, refetch, removeHost, vmLatest, hostLatest, hostTick, keysOf, runningSinceOf, live };
});
