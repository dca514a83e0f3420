// Per-host series for the dashboard and host overview charts (CPU %, memory, running VMs over the
// last 10 minutes): seeded once from stats.hostHistory('10m') (5 s buckets), then extended with
// every live stats-tick from the stats store. One shared copy for all charts.
import { effectScope, shallowRef, triggerRef, watch } from 'vue';
import { api } from '../../api/virtdeck';
import { useStatsStore } from '../../stores/stats';
import type { TimeSeries } from './TimeChart.vue';

export const SERIES_WINDOW_MS = 10 * 60_000;

export interface HostSeries {
  t: number[];
  cpu: (number | null)[];
  memUsed: (number | null)[];
  memTotal: (number | null)[];
  running: (number | null)[];
}

const series = new Map<string, HostSeries>();
const seeded = new Set<string>();
/** Bumped whenever any host's series changes: charts read it to re-derive. */
const version = shallowRef(0);
let started = false;

const empty = (): HostSeries => ({ t: [], cpu: [], memUsed: [], memTotal: [], running: [] });

function trim(s: HostSeries, now: number) {
  let drop = 0;
  while (drop < s.t.length && s.t[drop]! < now - SERIES_WINDOW_MS - 30_000) drop++;
  if (drop) for (const a of [s.t, s.cpu, s.memUsed, s.memTotal, s.running]) a.splice(0, drop);
}

async function seed(hostId: string) {
  if (seeded.has(hostId)) return;
  seeded.add(hostId);
  try {
    const h = await api.stats.hostHistory(hostId, '10m');
    if (!h) return;
    const live = series.get(hostId) ?? empty();
    const firstLive = live.t[0] ?? Infinity;
    const s = empty();
    for (let i = 0; i < h.t.length; i++) {
      if (h.t[i]! + h.stepMs > firstLive) break;
      s.t.push(h.t[i]!);
      s.cpu.push(h.series.cpu[i] ?? null);
      s.memUsed.push(h.series.memUsed[i] ?? null);
      s.memTotal.push(h.series.memTotal[i] ?? null);
      s.running.push(h.series.running[i] ?? null);
    }
    for (const k of ['t', 'cpu', 'memUsed', 'memTotal', 'running'] as const) (s[k] as unknown[]).push(...live[k]);
    series.set(hostId, s);
    triggerRef(version);
  } catch {
    seeded.delete(hostId); // try again next time a chart asks
  }
}

function start() {
  if (started) return;
  started = true;
  const stats = useStatsStore();
  effectScope(true).run(() => {
    watch(
      () => stats.tables,
      (tables) => {
        let changed = false;
        for (const [hostId, table] of tables) {
          const tick = table.tick;
          let s = series.get(hostId);
          if (!s) series.set(hostId, (s = empty()));
          if (s.t.length && s.t[s.t.length - 1]! >= tick.t) continue;
          s.t.push(tick.t);
          s.cpu.push(tick.host.cpu);
          s.memUsed.push(tick.host.memUsed);
          s.memTotal.push(tick.host.memTotal);
          s.running.push(tick.host.running);
          trim(s, tick.t);
          changed = true;
        }
        for (const id of [...series.keys()])
          if (!tables.has(id)) {
            series.delete(id);
            seeded.delete(id);
            changed = true;
          }
        if (changed) triggerRef(version);
      },
      { immediate: true },
    );
  });
}

/** Charts' data for one host; reactive (re-evaluate inside a computed). */
export function useHostSeries() {
  start();
  function of(hostId: string, metric: Exclude<keyof HostSeries, 't'>): TimeSeries {
    void version.value;
    void seed(hostId);
    const s = series.get(hostId);
    return s ? { t: s.t.slice(), v: s[metric].slice() } : { t: [], v: [] };
  }
  return { of, version };
}
