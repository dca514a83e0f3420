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
