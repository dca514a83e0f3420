import { describe, expect, it } from 'vitest';
import { liveSlotCount, liveSlots } from './live-slots';
import { rowsInView, virtualWindow } from './virtual-window';

const rowsOf = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => `vm${start + i}`);
/** The pool for a window over a 1000-row list scrolled to `top` (36 px rows, 360 px view). */
function poolAt(top: number, previous: ReturnType<typeof liveSlots<string>> | null) {
  const w = virtualWindow(1000, 36, top, 360, 4, 8);
  return { w, slots: liveSlots(rowsOf(w.start, w.end), w.start, w.end, 8, liveSlotCount(rowsInView(360, 36), 4, 8), previous) };
}

describe('liveSlots', () => {
  it('puts chunk k in slot k mod size and shows exactly the chunks of the window', () => {
    const { w, slots } = poolAt(36 * 100, null);
    const shown = slots.filter((s) => s.shown);
    expect(shown.map((s) => s.start).sort((a, b) => a - b)).toEqual(Array.from({ length: (w.end - w.start) / 8 }, (_, i) => w.start + 8 * i));
    for (const s of shown) {
      expect(slots.indexOf(s)).toBe((s.start / 8) % slots.length);
      expect(s.rows).toEqual(rowsOf(s.start, s.start + 8));
    }
  });
  it('has room for every chunk of any window of the viewport', () => {
    const size = liveSlotCount(rowsInView(360, 36), 4, 8);
    for (let top = 0; top < 36 * 990; top += 7) {
      const w = virtualWindow(1000, 36, top, 360, 4, 8);
      expect(Math.ceil((w.end - w.start) / 8)).toBeLessThanOrEqual(size);
    }
  });
  it('keeps unchanged slots and hides a slot that left the window with its chunk kept', () => {
    const a = poolAt(36 * 100, null).slots;
    const b = poolAt(36 * 108, a).slots; // one chunk further down
    const changed = b.map((s, i) => (s === a[i] ? null : i)).filter((i) => i !== null);
    expect(changed).toHaveLength(2); // the chunk that entered, and the one that left
    const left = changed.map((i) => b[i!]!).find((s) => !s.shown)!;
    const was = a[b.indexOf(left)]!;
    expect(left).toMatchObject({ start: was.start, rows: was.rows, shown: false });
    // Still out of the window on the next move: the very same object.
    const c = poolAt(36 * 109, b).slots;
    expect(c[b.indexOf(left)]).toBe(left);
  });
  it('shows a slot again, as a new object, when its chunk comes back', () => {
    const a = poolAt(36 * 100, null).slots;
    const b = poolAt(36 * 108, a).slots;
    const back = poolAt(36 * 100, b).slots;
    const i = b.findIndex((s, k) => !s.shown && a[k]!.shown);
    expect(back[i]).toMatchObject({ start: a[i]!.start, shown: true });
    expect(back[i]).not.toBe(b[i]);
  });
  it('starts over when the pool size changes', () => {
    const a = poolAt(0, null).slots;
    const bigger = liveSlots(rowsOf(0, 16), 0, 16, 8, a.length + 1, a);
    expect(bigger).toHaveLength(a.length + 1);
    expect(bigger.filter((s) => s.shown).map((s) => s.start)).toEqual([0, 8]);
    expect(bigger.every((s, i) => s !== a[i])).toBe(true);
  });
});
