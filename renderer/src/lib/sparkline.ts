// The VM table's CPU sparklines, traced onto a canvas (VmLiveCanvas). A sink with moveTo/lineTo —
// a CanvasRenderingContext2D or a recorder in tests — receives the polyline.

export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/**
 * Traces `values` (oldest first, NaN = no sample) right-aligned in a `width`×`height` box at
 * (`x`, `y`) with room for `slots` samples, scaled 0..max(`floor`, peak) so idle VMs stay flat and
 * busy ones fill the box; a line of `lineWidth` stays inside it. Gaps (NaN) break the line. Returns
 * the number of points traced (a lone point draws nothing; callers may skip the stroke below 2).
 */
export function traceSparkline(sink: PathSink, values: ArrayLike<number>, slots: number, x: number, y: number, width: number, height: number, lineWidth = 1, floor = 10): number {
  const n = Math.min(values.length, slots);
  if (n < 2 || slots < 2) return 0;
  const from = values.length - n;
  let peak = floor;
  for (let i = from; i < values.length; i++) if (values[i]! > peak) peak = values[i]!;
  const step = width / (slots - 1);
  const x0 = x + width - (n - 1) * step;
  const half = lineWidth / 2;
  const bottom = y + height - half;
  const usable = height - lineWidth;
  let pen = false;
  let traced = 0;
  for (let i = 0; i < n; i++) {
    const v = values[from + i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const px = x0 + i * step;
    const py = bottom - (Math.max(0, v) / peak) * usable;
    if (pen) sink.lineTo(px, py);
    else sink.moveTo(px, py);
    pen = true;
    traced++;
  }
  return traced;
}
