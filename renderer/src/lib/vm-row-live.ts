// What a VM table row shows from the latest stats tick, as display strings. Built once per tick
// for the rendered rows only; the same object is handed to the row until the next tick, so rows
// that merely scroll are not re-rendered.
import { formatKiB } from '../format';
import { formatPercent, formatRate, fraction } from './units';
import type { VmLatest } from './stats-table';

export interface RowLive {
  cpu: string;
  /** SVG path of the CPU sparkline ('' when there is not enough history). */
  spark: string;
  /** Memory in use as a 0..1 bar, null when the guest reports no usage. */
  memFraction: number | null;
  memTitle: string;
  disk: string;
  diskTitle: string;
  net: string;
  netTitle: string;
}

const sum = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

export function rowLive(latest: VmLatest | null, spark: string): RowLive | null {
  if (!latest) return spark ? { cpu: '', spark, memFraction: null, memTitle: '', disk: '', diskTitle: '', net: '', netTitle: '' } : null;
  const mem = latest.memTotal ? fraction(latest.memUsed, latest.memTotal) : null;
  return {
    cpu: formatPercent(latest.cpu),
    spark,
    memFraction: mem,
    memTitle: latest.memTotal ? `${formatKiB(latest.memUsed ?? 0)} used of ${formatKiB(latest.memTotal)}` : '',
    disk: formatRate(sum(latest.diskRd, latest.diskWr)),
    diskTitle: `read ${formatRate(latest.diskRd)}, write ${formatRate(latest.diskWr)}`,
    net: formatRate(sum(latest.netRx, latest.netTx)),
    netTitle: `in ${formatRate(latest.netRx)}, out ${formatRate(latest.netTx)}`,
  };
}
