import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline';

describe('sparklinePath', () => {
  it('is empty with fewer than two samples', () => {
    expect(sparklinePath([], 60, 64, 18)).toBe('');
    expect(sparklinePath([5], 60, 64, 18)).toBe('');
    expect(sparklinePath([NaN, 5, NaN], 60, 64, 18)).toBe('');
  });

  it('right-aligns the samples and scales to max(floor, peak)', () => {
    // 3 slots over 64 px: x = 0, 32, 64; floor 10 → 5 % is halfway up the usable 16 px.
    expect(sparklinePath([0, 5, 10], 3, 64, 18)).toBe('M0 17L32 9L64 1');
    // Two samples in a 3-slot box start at the middle slot.
    expect(sparklinePath([10, 10], 3, 64, 18)).toBe('M32 1L64 1');
    // A peak above the floor becomes the top; coordinates are rounded to whole units.
    expect(sparklinePath([50, 100], 2, 10, 18)).toBe('M0 9L10 1');
    expect(sparklinePath([0, 1, 2], 3, 10, 18)).toBe('M0 17L5 15L10 14');
  });

  it('breaks the line at gaps and keeps only the last `slots` samples', () => {
    expect(sparklinePath([1, 2, NaN, 3, 4], 5, 40, 18)).toMatch(/^M0 \d+L10 \d+M30 \d+L40 \d+$/);
    expect(sparklinePath([99, 99, 0, 0], 2, 10, 18)).toBe('M0 17L10 17');
  });

  it('clamps negative values to the baseline', () => {
    expect(sparklinePath([-5, 0], 2, 10, 18)).toBe('M0 17L10 17');
  });
});
