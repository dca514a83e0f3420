// What a VM table row shows from the latest stats tick, as display strings (built on every tick
// for the rendered rows only, painted by VmLiveCanvas), and the tooltips and the screen-reader
// description, built only when asked for.
import type { VmSummary } from '../../../preload/contract/model';
import { formatKiB } from '../format';
import { formatPercent, formatRate, fraction } from './units';
import type { VmLatest } from './stats-table';

export interface RowLive {
  cpu: string;
  /** Memory in use as a 0..1 bar, null when the guest reports no usage. */
  memFraction: number | null;
  disk: string;
  net: string;
}

const sum = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/** The metrics a row shows. */
export const LIVE_FIELDS = ['cpu', 'memUsed', 'memTotal', 'diskRd', 'diskWr', 'netRx', 'netTx'] as const;
export type LiveNumbers = Pick<VmLatest, (typeof LIVE_FIELDS)[number]>;

/** The row's values from its VM's latest sample; null when the VM is not sampled. */
export function rowLive(latest: LiveNumbers | null): RowLive | null {
  if (!latest) return null;
  return {
    cpu: formatPercent(latest.cpu),
    memFraction: latest.memTotal ? fraction(latest.memUsed, latest.memTotal) : null,
    disk: formatRate(sum(latest.diskRd, latest.diskWr)),
    net: formatRate(sum(latest.netRx, latest.netTx)),
  };
}

export type LiveTooltip = 'mem' | 'disk' | 'net';

/** The tooltip of a live cell: memory used of total, disk read/write, network in/out. */
export function liveTooltip(latest: VmLatest | null, which: LiveTooltip): string {
  if (!latest) return '';
  switch (which) {
    case 'mem':
      return latest.memTotal ? `${formatKiB(latest.memUsed ?? 0)} used of ${formatKiB(latest.memTotal)}` : '';
    case 'disk':
      return `read ${formatRate(latest.diskRd)}, write ${formatRate(latest.diskWr)}`;
    case 'net':
      return `in ${formatRate(latest.netRx)}, out ${formatRate(latest.netTx)}`;
  }
}

/**
 * The keyboard cursor's row for a screen reader, as the description of its name cell (the grid's
 * active descendant, read out alone): state, CPU, vCPUs, memory (used of total), disk and network
 * split as the tooltips give them, host. Unknown values read "unknown", not a dash.
 */
export function rowDescription(vm: VmSummary, latest: VmLatest | null, hostName: string): string {
  const mem = liveTooltip(latest, 'mem');
  const parts = [
    vm.state,
    latest ? `CPU ${formatPercent(latest.cpu)}` : '',
    `${vm.vcpus} ${vm.vcpus === 1 ? 'vCPU' : 'vCPUs'}`,
    `memory ${formatKiB(vm.memoryKiB)}${mem ? `, ${mem}` : ''}`,
    latest ? `disk ${liveTooltip(latest, 'disk')}` : '',
    latest ? `network ${liveTooltip(latest, 'net')}` : '',
  ];
  return [...parts.filter(Boolean).map((p) => p.replaceAll('—', 'unknown')), `host ${hostName}`].join('; ');
}
