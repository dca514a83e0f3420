// Axis and tooltip formats for the performance charts.
export type ValueFormat = 'percent' | 'bytesPerSec' | 'kib';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number): string {
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${n < 0 ? "-" : ""}${v >= 100 || i === 0 ? v.toFixed(0) : String(Number(v.toFixed(1)))} ${UNITS[i]}`;
}

export function formatValue(n: number | null | undefined, f: ValueFormat): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  switch (f) {
    case 'percent':
      return `${n >= 10 ? n.toFixed(0) : n.toFixed(1)} %`;
    case 'bytesPerSec':
      return `${formatBytes(n)}/s`;
    case 'kib':
      return formatBytes(n * 1024);
  }
}

export function formatClock(t: number, withSeconds: boolean): string {
  const d = new Date(t);
  const p = (x: number) => String(x).padStart(2, '0');
  return withSeconds ? `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` : `${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A y-axis step for byte values: a power of two of B/KiB/MiB… so ticks read 0, 128 MiB, 256 MiB. */
export function binaryStep(max: number, ticks = 4): number {
  const target = Math.max(max, 1) / ticks;
  return 2 ** Math.ceil(Math.log2(target));
}

/** "1 min", "10 min", "1 hour", "90 s": the length of a chart's time window. */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  const h = Math.round(ms / 3_600_000);
  return `${h} ${h === 1 ? 'hour' : 'hours'}`;
}

/** Latest and highest value of a series (nulls and NaN skipped), or null without any value. */
export function latestAndPeak(values: readonly (number | null)[]): { latest: number; peak: number } | null {
  let latest: number | null = null;
  let peak = -Infinity;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    latest = v;
    if (v > peak) peak = v;
  }
  return latest === null ? null : { latest, peak };
}

/**
 * The text alternative of a chart, for screen readers: what it shows, over which window, and for
 * each series its latest and highest value, e.g. "CPU over the last 1 min: vCPU 3.2 % now, peak 12 %".
 */
export function chartSummary(title: string, windowMs: number, series: readonly { label: string; values: readonly (number | null)[] }[], format: (v: number) => string): string {
  const parts = series.map((s) => {
    const lp = latestAndPeak(s.values);
    const name = series.length > 1 || s.label !== title ? `${s.label} ` : '';
    return lp ? `${name}${format(lp.latest)} now, peak ${format(lp.peak)}` : `${name}no data yet`;
  });
  return `${title} over the last ${formatSpan(windowMs)}: ${parts.join('; ')}`;
}
