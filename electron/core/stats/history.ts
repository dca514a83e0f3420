// Range queries over the rings: the last minute at tick resolution, 10 min and 1 h as bucket means.
import { nullIfNaN, type StatsRange } from '../../../preload/contract/stats';
import type { MetricRing, Timeline } from './ring';

export const RANGE_MS: Record<StatsRange, number> = { '1m': 60_000, '10m': 600_000, '1h': 3_600_000 };
/** Bucket length per range (0: one point per tick): 10 min → 120 points, 1 h → 180 points. */
export const RANGE_BUCKET_MS: Record<StatsRange, number> = { '1m': 0, '10m': 5_000, '1h': 20_000 };

export interface QueriedSeries {
  stepMs: number;
  t: number[];
  /** One array per metric index of the ring. */
  columns: (number | null)[][];
}

/**
 * Samples of `ring` over the last `range` before the timeline's newest tick. Downsampled ranges
 * average each bucket's non-missing samples; buckets are aligned to multiples of their length in
 * epoch time so a chart's points stay put as time moves on.
 */
export function querySeries(timeline: Timeline, ring: MetricRing, range: StatsRange, intervalMs: number): QueriedSeries {
  const metrics = ring.metrics;
  const columns: (number | null)[][] = Array.from({ length: metrics }, () => []);
  const t: number[] = [];
  const bucketMs = RANGE_BUCKET_MS[range] > intervalMs ? RANGE_BUCKET_MS[range] : 0;
  const out = { stepMs: bucketMs || intervalMs, t, columns };
  if (timeline.ticks === 0) return out;
  const newest = timeline.ticks - 1;
  const cutoff = timeline.timeOf(newest) - RANGE_MS[range];
  let from = newest;
  while (from > timeline.first && timeline.timeOf(from - 1) > cutoff) from--;

  if (bucketMs === 0) {
    for (let k = from; k <= newest; k++) {
      t.push(timeline.timeOf(k));
      for (let m = 0; m < metrics; m++) columns[m]!.push(nullIfNaN(ring.read(m, k)));
    }
    return out;
  }

  const sums = new Float64Array(metrics);
  const counts = new Uint32Array(metrics);
  let bucket = NaN;
  const flush = () => {
    t.push(bucket);
    for (let m = 0; m < metrics; m++) {
      columns[m]!.push(counts[m]! > 0 ? sums[m]! / counts[m]! : null);
      sums[m] = 0;
      counts[m] = 0;
    }
  };
  for (let k = from; k <= newest; k++) {
    const b = Math.floor(timeline.timeOf(k) / bucketMs) * bucketMs;
    if (b !== bucket) {
      if (!Number.isNaN(bucket)) flush();
      bucket = b;
    }
    for (let m = 0; m < metrics; m++) {
      const x = ring.read(m, k);
      if (!Number.isNaN(x)) {
        sums[m] = sums[m]! + x;
        counts[m] = counts[m]! + 1;
      }
    }
  }
  flush();
  return out;
}
