// SVG path data for the VM table's CPU sparklines. Drawing them as vector paths inside each row
// (instead of one canvas per row) keeps them in the row's own paint: scrolling re-rasters only the
// rows that enter the view, and no canvas layer per row has to be composited every frame.

/**
 * Path for `values` (oldest first, NaN = no sample) right-aligned in a `width`×`height` box with
 * room for `slots` samples, scaled 0..max(`floor`, peak) so idle VMs stay flat and busy ones fill
 * the box. Gaps (NaN) break the line. '' when there is nothing to draw. Coordinates are whole
 * units (cheap to format and for the browser to parse): draw in a viewBox twice the displayed
 * size for half-pixel precision.
 */
export function sparklinePath(values: ArrayLike<number>, slots: number, width: number, height: number, floor = 10): string {
  const n = Math.min(values.length, slots);
  if (n < 2 || slots < 2) return '';
  const from = values.length - n;
  let peak = floor;
  for (let i = from; i < values.length; i++) if (values[i]! > peak) peak = values[i]!;
  const step = width / (slots - 1);
  const x0 = width - (n - 1) * step;
  const usable = height - 2;
  let d = '';
  let pen = false;
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const v = values[from + i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const x = x0 + i * step;
    const y = height - 1 - (Math.max(0, v) / peak) * usable;
    d += `${pen ? 'L' : 'M'}${Math.round(x)} ${Math.round(y)}`;
    pen = true;
    drawn++;
  }
  return drawn >= 2 ? d : '';
}
