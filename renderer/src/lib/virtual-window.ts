// Which rows a fixed-row-height virtual list renders: the ones in view plus `overscan` on each
// side, with both ends snapped outwards to multiples of `chunk` rows. Snapping is what keeps
// scrolling cheap: while the view moves inside the rendered rows the window stays the same, so
// most frames only move the composited scroller, and rows are added and dropped `chunk` at a
// time. Pure math, so it is unit tested and the composable stays a thin reactive shell.
export interface VirtualWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Pixels above the first rendered row. */
  offset: number;
  /** Height of the whole list in pixels. */
  total: number;
}

/** Rows a viewport of `viewport` px can show at once, partly cut ones included. */
export const rowsInView = (viewport: number, rowHeight: number) => Math.ceil(Math.max(0, viewport) / rowHeight) + 1;

export function virtualWindow(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 8, chunk = 1): VirtualWindow {
  const total = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total };
  const maxScroll = Math.max(0, total - viewport);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const first = Math.floor(top / rowHeight);
  const visible = rowsInView(viewport, rowHeight);
  const step = Math.max(1, Math.floor(chunk));
  const start = Math.max(0, Math.floor((first - overscan) / step) * step);
  const end = Math.min(count, Math.ceil((first + visible + overscan) / step) * step);
  return { start, end, offset: start * rowHeight, total };
}

export const sameWindow = (a: VirtualWindow, b: VirtualWindow) => a.start === b.start && a.end === b.end && a.total === b.total;

/** The scrollTop that brings row `index` fully into view (unchanged when it already is). */
export function scrollToReveal(index: number, rowHeight: number, scrollTop: number, viewport: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return scrollTop;
}
