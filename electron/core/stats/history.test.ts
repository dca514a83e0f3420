import { describe, expect, it } from 'vitest';
import { querySeries } from './history';
import { MetricRing, Timeline } from './ring';

function filled(ticks: number, intervalMs: number, capacity = 3600, t0 = 1_700_000_000_000) {
  const tl = new Timeline(capacity);
  const ring = new MetricRing(2, capacity, 'f32');
  for (let k = 0; k < ticks; k++) {
    const tick = tl.push(t0 + k * intervalMs);
    ring.write(tick, [k, k % 2 === 0 ? NaN : 1]);
  }
  return { tl, ring, t0 };
}

describe('querySeries', () => {
  it('1m: one point per tick over the last 60 s, raw values, missing as null', () => {
    const { tl, ring, t0 } = filled(200, 1000);
    const q = querySeries(tl, ring, '1m', 1000);
    expect(q.stepMs).toBe(1000);
    expect(q.t).toHaveLength(60);
    expect(q.t.at(-1)).toBe(t0 + 199_000);
    expect(q.t[0]).toBe(t0 + 140_000);
    expect(q.columns[0]!.at(-1)).toBe(199);
    expect(q.columns[1]!.slice(-2)).toEqual([null, 1]);
  });

  it('10m: 5 s bucket means aligned to the epoch, ignoring missing samples', () => {
    const { tl, ring, t0 } = filled(1000, 1000);
    const q = querySeries(tl, ring, '10m', 1000);
    expect(q.stepMs).toBe(5000);
    expect(q.t.length).toBeGreaterThanOrEqual(120);
    expect(q.t.length).toBeLessThanOrEqual(121);
    for (const t of q.t) expect(t % 5000).toBe(0);
    // a full bucket in the middle: mean of its 5 ticks
    const i = 50;
    const ticks = [0, 1, 2, 3, 4].map((j) => (q.t[i]! - t0) / 1000 + j);
    expect(q.columns[0]![i]).toBeCloseTo(ticks.reduce((a, b) => a + b) / 5);
    expect(q.columns[1]![i]).toBe(1); // only odd ticks count, each 1
  });

  it('1h after the ring wrapped: only held ticks, 20 s buckets', () => {
    const { tl, ring, t0 } = filled(5000, 1000);
    const q = querySeries(tl, ring, '1h', 1000);
    expect(q.stepMs).toBe(20_000);
    expect(q.t.length).toBeGreaterThanOrEqual(180);
    expect(q.t.length).toBeLessThanOrEqual(181);
    expect(q.t[0]!).toBeGreaterThanOrEqual(Math.floor((t0 + 1400_000) / 20_000) * 20_000);
    expect(q.columns[0]!.at(-1)).toBeGreaterThan(4980);
  });

  it('coarser ticks than the bucket: no downsampling; empty timeline: empty series', () => {
    const { tl, ring } = filled(100, 30_000);
    expect(querySeries(tl, ring, '10m', 30_000)).toMatchObject({ stepMs: 30_000 });
    expect(querySeries(tl, ring, '10m', 30_000).t).toHaveLength(20);
    const empty = querySeries(new Timeline(10), new MetricRing(2, 10), '1h', 1000);
    expect(empty.t).toEqual([]);
    expect(empty.columns).toEqual([[], []]);
  });
});
