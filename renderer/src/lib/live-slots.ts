// Which chunk of the VM table's rendered rows each live canvas shows. The canvases are a fixed
// pool: chunk k (rows k*chunk…) always lands in slot k mod pool size, so when the window moves by
// a chunk the canvas of the chunk that left is moved to the one that entered — scrolling never
// creates or drops canvases. A slot no chunk of the window uses is hidden and keeps its last chunk,
// so the painter neither resizes it (a new backing store) nor paints it until a chunk needs it.
// Slots that did not change keep their object, so their canvases are not repainted.

export interface LiveSlot<T> {
  /** First row (virtual list position) of the slot's chunk. */
  start: number;
  /** The chunk's rows, top to bottom. */
  rows: readonly T[];
  shown: boolean;
}

/**
 * The pool for the rendered window [start, end) whose rows are `rows` (rows[0] is row `start`);
 * `previous` is the pool this one replaces (null the first time).
 */
export function liveSlots<T>(rows: readonly T[], start: number, end: number, chunk: number, size: number, previous: readonly LiveSlot<T>[] | null): LiveSlot<T>[] {
  const kept = previous?.length === size ? previous : null;
  const slots: LiveSlot<T>[] = Array.from({ length: size }, (_, i) => ({ start: 0, rows: [], ...kept?.[i], shown: false }));
  for (let c = start; c < end; c += chunk) {
    slots[Math.floor(c / chunk) % size] = { start: c, rows: rows.slice(c - start, Math.min(end, c + chunk) - start), shown: true };
  }
  return slots.map((s, i) => {
    const old = kept?.[i];
    return old && old.shown === s.shown && old.start === s.start && old.rows.length === s.rows.length && old.rows.every((r, j) => r === s.rows[j]) ? old : s;
  });
}

/** Slots needed for a viewport showing `rowsInView` rows (lib/virtual-window) with `overscan` rows on each side. */
export const liveSlotCount = (rowsInView: number, overscan: number, chunk: number) => Math.ceil((rowsInView + 2 * overscan) / chunk) + 2;
