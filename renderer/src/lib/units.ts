// Number formatting for sizes, rates and percentages (binary units, as libvirt and virt-manager use).

const BIN = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined, digits = 1): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < BIN.length - 1) {
    v /= 1024;
    i++;
  }
  return `${bytes < 0 ? '-' : ''}${v.toFixed(i === 0 ? 0 : v >= 100 ? 0 : digits)} ${BIN[i]}`;
}

/** Bytes per second → "1.2 MiB/s"; 0 → "0 B/s". */
export function formatRate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return '—';
  return `${formatBytes(bps)}/s`;
}

export function formatPercent(p: number | null | undefined, digits = 1): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return `${p.toFixed(p >= 100 ? 0 : digits)} %`;
}

/** "3.2 GiB / 8.0 GiB" from KiB values. */
export function formatKiBPair(used: number | null | undefined, total: number | null | undefined): string {
  const f = (k: number | null | undefined) => (k === null || k === undefined ? '—' : formatBytes(k * 1024));
  return `${f(used)} / ${f(total)}`;
}

/** Fraction 0..1 of used/total, clamped; 0 when unknown. */
export function fraction(used: number | null | undefined, total: number | null | undefined): number {
  if (!used || !total || total <= 0) return 0;
  return Math.max(0, Math.min(1, used / total));
}
