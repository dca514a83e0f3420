import { describe, expect, it } from 'vitest';
import { scrollToReveal, virtualWindow } from './virtual-window';

describe('virtualWindow', () => {
  it('renders the visible rows plus overscan at the top', () => {
    expect(virtualWindow(5000, 36, 0, 360, 8)).toEqual({ start: 0, end: 19, offset: 0, total: 180_000 });
  });
  it('moves with the scroll position and keeps overscan on both sides', () => {
    const w = virtualWindow(5000, 36, 36 * 100 + 10, 360, 8);
    expect(w.start).toBe(92);
    expect(w.end).toBe(100 + 11 + 8);
    expect(w.offset).toBe(92 * 36);
  });
  it('clamps at the end of the list', () => {
    const w = virtualWindow(5000, 36, 10_000_000, 360, 8);
    expect(w.end).toBe(5000);
    expect(w.start).toBe(5000 - 10 - 8);
  });
  it('renders a bounded number of rows whatever the count', () => {
    for (const count of [10, 1000, 5000, 100_000]) {
      const w = virtualWindow(count, 36, 1234, 720, 8);
      expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(720 / 36) + 1 + 16);
    }
  });
  it('snaps both ends outwards to whole chunks, so small scrolls keep the same window', () => {
    const at = (top: number) => virtualWindow(5000, 36, top, 360, 4, 8);
    const w = at(36 * 100);
    expect([w.start, w.end]).toEqual([96, 120]);
    expect(w.start).toBeLessThanOrEqual(100 - 4);
    expect(w.end).toBeGreaterThanOrEqual(100 + 11 + 4);
    // Two rows further: still the same rows.
    expect(at(36 * 102)).toEqual(w);
    // Past the overscan: the window moves by a whole chunk.
    expect(at(36 * 105).start).toBe(96);
    expect(at(36 * 106).end).toBe(128);
    expect(at(36 * 108).start).toBe(104);
    expect(virtualWindow(100, 36, 1e9, 360, 4, 8).end).toBe(100);
  });
  it('handles empty lists and a zero-height viewport', () => {
    expect(virtualWindow(0, 36, 0, 500)).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
    expect(virtualWindow(3, 36, 0, 0, 2)).toEqual({ start: 0, end: 3, offset: 0, total: 108 });
  });
});

describe('scrollToReveal', () => {
  it('keeps the scroll position when the row is visible', () => {
    expect(scrollToReveal(3, 36, 0, 360)).toBe(0);
  });
  it('scrolls up to a row above and down to a row below', () => {
    expect(scrollToReveal(2, 36, 500, 360)).toBe(72);
    expect(scrollToReveal(20, 36, 0, 360)).toBe(21 * 36 - 360);
  });
});
