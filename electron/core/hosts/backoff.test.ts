import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    const mid = { random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelayMs(a, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it('jitters within ±20 %', () => {
    expect(backoffDelayMs(3, { random: () => 0 })).toBe(3200);
    expect(backoffDelayMs(3, { random: () => 1 })).toBe(4800);
  });
});
