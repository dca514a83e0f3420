import { defineStore } from 'pinia';
import { shallowRef, triggerRef } from 'vue';
import type { HostStatsSample, StatsEvent, StatsTickEvent } from '../../../preload/contract/stats';
import { api } from '../api/virtdeck';
import { HostTable, Ring, SPARK_LEN, type VmLatest } from '../lib/stats-table';
import { vmKeyOf } from './vms';

export type { VmLatest } from '../lib/stats-table';
export { SPARK_LEN } from '../lib/stats-table';

const RUNNING = 1;

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
  const rings = new Map<string, Ring>();
  /** vmKey → first time seen running (exact: we saw it start; else: at least since then). */
  const runningSince = new Map<string, { since: number; exact: boolean }>();
  const fetching = new Set<string>();

  // Every host ticks once a second, each at its own moment: views are told once per frame, not
  // once per host, so ten hosts cost one re-render.
  let triggerPending = false;
  function notify(): void {
    if (triggerPending) return;
    triggerPending = true;
    requestAnimationFrame(() => {
      triggerPending = false;
      triggerRef(tables);
    });
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
    record(event.hostId, event, !!event.keys || !table, !!table);
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
      record(hostId, full, true, !!table);
      notify();
    } catch {
      // host gone or not sampled yet: the next tick tries again
    } finally {
      fetching.delete(hostId);
    }
  }

  /** Appends one tick to the rings and the running-since marks; prunes VMs gone from a new key table. */
  function record(hostId: string, ev: StatsTickEvent, keysChanged: boolean, hadTable: boolean): void {
    const table = tables.value.get(hostId)!;
    const { cpu, state } = ev.vms;
    const keys = table.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = vmKeyOf(hostId, keys[i]!);
      let ring = rings.get(k);
      if (!ring) rings.set(k, (ring = new Ring(SPARK_LEN)));
      if (ring.lastT !== ev.t) ring.push(cpu[i] ?? null, ev.t);
      const since = runningSince.get(k);
      if (state[i] === RUNNING) {
        if (!since) runningSince.set(k, { since: ev.t, exact: hadTable });
      } else if (since) runningSince.delete(k);
    }
    if (keysChanged) {
      const prefix = `${hostId}/`;
      const present = new Set(keys);
      for (const k of rings.keys()) if (k.startsWith(prefix) && !present.has(k.slice(prefix.length))) rings.delete(k);
      for (const k of runningSince.keys()) if (k.startsWith(prefix) && !present.has(k.slice(prefix.length))) runningSince.delete(k);
    }
  }

  function removeHost(hostId: string): void {
    if (tables.value.delete(hostId)) triggerRef(tables);
    const prefix = `${hostId}/`;
    for (const k of rings.keys()) if (k.startsWith(prefix)) rings.delete(k);
    for (const k of runningSince.keys()) if (k.startsWith(prefix)) runningSince.delete(k);
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
  /** Last ≤ 60 cpu % samples, oldest first (NaN where none). Pass `out` to avoid allocating. */
  function cpuSparkline(hostId: string, uuid: string, out?: Float32Array): Float32Array {
    void tables.value; // reactive on ticks
    return rings.get(vmKeyOf(hostId, uuid))?.values(out) ?? new Float32Array(0);
  }
  /** When this VM was first seen running; exact false: it was already running when sampling began. */
  function runningSinceOf(hostId: string, uuid: string): { since: number; exact: boolean } | null {
    void tables.value;
    return runningSince.get(vmKeyOf(hostId, uuid)) ?? null;
  }

  return { tables, errors, apply, refetch, removeHost, vmLatest, hostLatest, hostTick, keysOf, cpuSparkline, runningSinceOf };
});
