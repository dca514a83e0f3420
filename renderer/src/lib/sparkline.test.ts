import { describe, expect, it } from 'vitest';
import { traceSparkline, type PathSink } from './sparkline';

/** Records the polyline as "M x y L x y …" with coordinates rounded to 0.01. */
function trace(values: number[], slots: number, width: number, height: number, x = 0, y = 0): string {
  const parts: string[] = [];
  const r = (v: number) => Math.round(v * 100) / 100;
  const sink: PathSink = { moveTo: (a, b) => parts.push(`M${r(a)} ${r(b)}`), lineTo: (a, b) => parts.push(`L${r(a)} ${r(b)}`) };
  const n = traceSparkline(sink, values, slots, x, y, width, height, 2);
  return n < 2 ? '' : parts.join('');
}

describe('traceSparkline', () => {
  it('traces nothing with fewer than two samples', () => {
    expect(trace([], 60, 64, 18)).toBe('');
    expect(trace([5], 60, 64, 18)).toBe('');
    expect(trace([NaN, 5, NaN], 60, 64, 18)).toBe('');
  });

  it('right-aligns the samples and scales to max(floor, peak), the line inside the box', () => {
    // 3 slots over 64 px: x = 0, 32, 64; line width 2 → y from 17 (zero) to 1 (peak); floor 10.
    expect(trace([0, 5, 10], 3, 64, 18)).toBe('M0 17L32 9L64 1');
    // Two samples in a 3-slot box start at the middle slot.
    expect(trace([10, 10], 3, 64, 18)).toBe('M32 1L64 1');
    // A peak above the floor becomes the top.
    expect(trace([50, 100], 2, 10, 18)).toBe('M0 9L10 1');
  });

  it('draws at the given origin', () => {
    expect(trace([0, 10], 2, 10, 18, 100, 50)).toBe('M100 67L110 51');
  });

  it('breaks the line at gaps and keeps only the last `slots` samples', () => {
    expect(trace([1, 2, NaN, 3, 4], 5, 40, 18)).toMatch(/^M0 [\d.]+L10 [\d.]+M30 [\d.]+L40 [\d.]+$/);
    expect(trace([99, 99, 0, 0], 2, 10, 18)).toBe('M0 17L10 17');
  });

  it('clamps negative values to the baseline', () => {
    expect(trace([-5, 0], 2, 10, 18)).toBe('M0 17L10 17');
  });
});
